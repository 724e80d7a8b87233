# make install [PREFIX=/usr/local]: build pathway in release mode and install it in $(PREFIX)/bin.
PREFIX ?= /usr/local
BINDIR := $(PREFIX)/bin

.PHONY: build install uninstall test

build:
	swift build -c release --product pathway

install: build
	install -d "$(DESTDIR)$(BINDIR)"
	install -m 755 "$$(swift build -c release --show-bin-path)/pathway" "$(DESTDIR)$(BINDIR)/pathway"

uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/pathway"

test:
	swift test
