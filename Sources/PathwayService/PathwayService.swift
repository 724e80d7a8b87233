import Hummingbird
import JWTKit
import Prometheus
