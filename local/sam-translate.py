#!/usr/bin/env python3
"""Translates template.yaml with aws-sam-translator (what CloudFormation's SAM transform runs) and prints
the resulting CloudFormation JSON, or the translator's errors with exit code 1.

Local CodeUri paths are replaced by S3 URIs first, as `sam deploy` does when it uploads the jars.
Usage: python3 local/sam-translate.py [template.yaml]
"""
import json
import os
import sys

from samtranslator.model.exceptions import InvalidDocumentException
from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse

MANAGED_POLICIES = {
    "AWSLambdaBasicExecutionRole": "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    "AWSXrayWriteOnlyAccess": "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess",
    "AWSXRayDaemonWriteAccess": "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess",
}


class _Policies:
    def load(self):
        return MANAGED_POLICIES


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "template.yaml"
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    with open(path) as f:
        template = yaml_parse(f.read())
    for resource in template.get("Resources", {}).values():
        properties = resource.get("Properties", {})
        if resource.get("Type") == "AWS::Serverless::Function" and isinstance(properties.get("CodeUri"), str):
            properties["CodeUri"] = "s3://deployment-bucket/" + os.path.basename(properties["CodeUri"])
    try:
        output = transform(template, {}, _Policies())
    except InvalidDocumentException as e:
        for cause in e.causes:
            print("SAM: " + cause.message, file=sys.stderr)
        sys.exit(1)
    json.dump(output, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
