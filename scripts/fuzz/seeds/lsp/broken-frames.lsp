Content-Length: 5

{bad}garbage

Content-Length: 99999999999

Content-Length: 2

[]