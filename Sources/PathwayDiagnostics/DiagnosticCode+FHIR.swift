extension DiagnosticCode {
    // MARK: FHIR data and bindings (PW09xx), from `eval --fhir` and `serve`
    /// PW0901: FHIR data is not a well-formed FHIR R4 resource or Bundle.
    public static let fhirMalformed = DiagnosticCode("PW0901", "fhir-malformed", .error, "FHIR data is not a well-formed FHIR R4 resource or Bundle.")
    /// PW0902: Resources give different values for one fact at the same latest date.
    public static let fhirConflict = DiagnosticCode("PW0902", "fhir-conflict", .warning, "Resources give different values for one fact at the same latest date.")
    /// PW0903: A FHIR quantity has a unit that does not convert to its fact's unit.
    public static let fhirUnconvertibleUnit = DiagnosticCode("PW0903", "fhir-unconvertible-unit", .warning, "A FHIR quantity has a unit that does not convert to its fact's unit.")
    // PW0904 is not used: resources that match no binding are listed in the `fhir` report
    // (`FHIRPatient.unmatched`), not diagnosed one by one.
    /// PW0905: A bound FHIR element holds a value its fact cannot take.
    public static let fhirUnusableValue = DiagnosticCode("PW0905", "fhir-unusable-value", .warning, "A bound FHIR element holds a value its fact cannot take.")
    /// PW0906: A FHIR bindings document is not valid.
    public static let bindingsInvalid = DiagnosticCode("PW0906", "bindings-invalid", .error, "A FHIR bindings document is not valid.")

    // MARK: Service (PW10xx), from `pathway serve`
    /// PW1001: A request to the service is malformed.
    public static let serviceBadRequest = DiagnosticCode("PW1001", "service-bad-request", .error, "A request to the service is malformed.")
    /// PW1002: A request body is larger than the service's limit.
    public static let serviceBodyTooLarge = DiagnosticCode("PW1002", "service-body-too-large", .error, "A request body is larger than the service's limit.")
    /// PW1003: A request lacks a valid bearer token where the service requires one.
    public static let serviceUnauthorized = DiagnosticCode("PW1003", "service-unauthorized", .error, "A request lacks a valid bearer token where the service requires one.")
    /// PW1004: A request took longer than the service's time limit.
    public static let serviceTimeout = DiagnosticCode("PW1004", "service-timeout", .error, "A request took longer than the service's time limit.")
    /// PW1005: The service configuration (trusted issuers and keys) is not valid.
    public static let serviceConfigInvalid = DiagnosticCode("PW1005", "service-config-invalid", .error, "The service configuration (trusted issuers and keys) is not valid.")
    /// PW1006: No CDS service or route has the requested name.
    public static let serviceNotFound = DiagnosticCode("PW1006", "service-not-found", .error, "No CDS service or route has the requested name.")

    /// The FHIR and service codes, in code order.
    static let fhirAndService: [DiagnosticCode] = [
        .fhirMalformed, .fhirConflict, .fhirUnconvertibleUnit, .fhirUnusableValue, .bindingsInvalid,
        .serviceBadRequest, .serviceBodyTooLarge, .serviceUnauthorized, .serviceTimeout, .serviceConfigInvalid, .serviceNotFound,
    ]
}
