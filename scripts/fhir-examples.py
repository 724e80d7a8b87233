#!/usr/bin/env python3
"""Writes examples/fhir/<name>.json, a synthetic FHIR R4 Bundle for each example patient in
examples/*.yaml, coded as bindings/nen-fhir.yaml binds the facts (needs PyYAML). The Bundles are
committed; run this again after changing an example patient or the bindings' codes."""
import json, os, re, sys
import yaml

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
ICDO = {"esophagus": ("C15.9", "Esophagus, NOS"), "stomach": ("C16.9", "Stomach, NOS"), "pancreas": ("C25.9", "Pancreas, NOS"),
        "colorectal": ("C18.9", "Colon, NOS"), "small_bowel": ("C17.9", "Small intestine, NOS"), "appendix": ("C18.1", "Appendix"),
        "cervix": ("C53.9", "Cervix uteri"), "ovary": ("C56.9", "Ovary"), "unknown_primary": ("C80.9", "Unknown primary site")}
DATE = "2026-11-02T09:00:00Z"

def resource_id(fact):
    return "ki67-1" if fact == "ki67_percent" else fact.replace("_", "-") + "-1"

def observation(fact, code, value, patient):
    return {"resourceType": "Observation", "id": resource_id(fact), "status": "final", "code": code,
            "subject": {"reference": f"Patient/{patient}"}, "effectiveDateTime": DATE, **value}

def pathway_code(fact):
    return {"coding": [{"system": "urn:pathway:nen", "code": fact}], "text": fact.replace("_", " ")}

def quantity(value, ucum):
    return {"valueQuantity": {"value": value, "unit": ucum, "system": "http://unitsofmeasure.org", "code": ucum}}

def bundle(name, facts, vocabulary):
    patient = name
    entries = [{"resourceType": "Patient", "id": patient, "gender": "unknown"}]
    for fact, value in facts.items():
        decl = vocabulary[fact]
        if fact == "primary_site":
            code, display = ICDO[value]
            entries.append({"resourceType": "Condition", "id": "primary-cancer-1",
                            "meta": {"profile": ["http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-primary-cancer-condition"]},
                            "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]},
                            "verificationStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-ver-status", "code": "confirmed"}]},
                            "code": {"text": "Neuroendocrine neoplasm"},
                            "bodySite": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/icd-o-3", "code": code, "display": display}]}],
                            "subject": {"reference": f"Patient/{patient}"}, "recordedDate": DATE})
        elif fact == "t_category":
            entries.append(observation(fact, {"coding": [{"system": "http://loinc.org", "code": "21905-5", "display": "Primary tumor.clinical [Class] Cancer"}]},
                                       {"valueCodeableConcept": {"coding": [{"system": "http://cancerstaging.org", "code": "c" + value}]}}, patient))
        elif fact == "tumor_size":
            number, unit = str(value).split()
            entries.append(observation(fact, {"coding": [{"system": "http://loinc.org", "code": "21889-1", "display": "Size Tumor"}]},
                                       {"component": [{"code": {"coding": [{"system": "http://loinc.org", "code": "33728-7"}]},
                                                       **quantity(int(number), unit)}]}, patient))
        elif fact == "ecog":
            entries.append(observation(fact, {"coding": [{"system": "http://loinc.org", "code": "89247-1", "display": "ECOG Performance Status score"}]},
                                       {"valueInteger": value}, patient))
        elif fact == "age_years":
            entries.append(observation(fact, pathway_code(fact), quantity(value, "a"), patient))
        elif fact == "first_line_time_to_progression_months":
            entries.append(observation(fact, pathway_code(fact), quantity(value, "mo"), patient))
        elif decl["type"] == "percentage":
            entries.append(observation(fact, pathway_code(fact), quantity(value, "%"), patient))
        elif decl["type"] == "boolean":
            entries.append(observation(fact, pathway_code(fact), {"valueBoolean": value}, patient))
        elif decl["type"] == "integer":
            entries.append(observation(fact, pathway_code(fact), {"valueInteger": value}, patient))
        elif decl["type"] == "enum":
            entries.append(observation(fact, pathway_code(fact),
                                       {"valueCodeableConcept": {"coding": [{"system": f"urn:pathway:nen:{fact}", "code": value}]}}, patient))
        else:
            sys.exit(f"{name}: no FHIR form for {fact} ({decl['type']})")
    return {"resourceType": "Bundle", "id": name, "type": "collection",
            "entry": [{"fullUrl": f"urn:pathway:example:{e['resourceType']}/{e['id']}", "resource": e} for e in entries]}

def main():
    vocabulary = yaml.safe_load(open(os.path.join(ROOT, "guidelines/vocabulary/nen.yaml")))["facts"]
    for file in sorted(os.listdir(os.path.join(ROOT, "examples"))):
        if not file.endswith(".yaml"):
            continue
        name = file[:-5]
        facts = yaml.safe_load(open(os.path.join(ROOT, "examples", file)))
        with open(os.path.join(ROOT, "examples/fhir", name + ".json"), "w") as out:
            json.dump(bundle(name, facts, vocabulary), out, indent=2)
            out.write("\n")

main()
