"""The served /openapi.json as a contract every e2e request is held to.

A Contract matches a request to its documented operation and checks the
answer: its status is one the operation documents (an error status not
listed fails, unless it is one any route may answer: 405, 431, 500, 503
under `default`), a success body validates against the operation's
response schema, and an error body is a Problem whose code is one the
status's response names. So every request the e2e suite makes (thousands,
across every module) also tests the document, and a route that answers what
its description does not say fails the test that saw it.
"""

import re

import jsonschema

# Statuses any route may answer, whatever it documents: the router's 405,
# the HTTP layer's 431 and 503 (connection limits), and failures (500).
_ANY_ROUTE = {405, 431, 500, 503}


class ContractError(AssertionError):
    pass


class Contract:
    def __init__(self, document):
        self.document = document
        self._operations = []  # (method, regex, operation)
        for path, item in document["paths"].items():
            pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$"
            for method, operation in item.items():
                self._operations.append((method.upper(), re.compile(pattern), path, operation))
        self._validators = {}

    def operation(self, method, path):
        """(documented path, operation) of a request, or None."""
        bare = path.split("?", 1)[0]
        for m, regex, documented, operation in self._operations:
            if m == method and regex.match(bare):
                return documented, operation
        return None

    def _validator(self, schema):
        # The schemas are the document's own objects, alive as long as it is.
        key = id(schema)
        if key not in self._validators:
            # The components ride along so that "#/components/..." resolves.
            root = dict(schema)
            root["components"] = self.document["components"]
            self._validators[key] = jsonschema.Draft202012Validator(root)
        return self._validators[key]

    def _response(self, operation, status):
        responses = operation["responses"]
        response = responses.get(str(status))
        if response is None:
            return None
        ref = response.get("$ref")
        if ref:
            response = self.document["components"]["responses"][ref.rsplit("/", 1)[1]]
        return response

    def check(self, method, path, response):
        """Raises ContractError when `response` breaks the document."""
        found = self.operation(method, path)
        if found is None:
            return
        documented, operation = found
        where = "%s %s (%s)" % (method, path, operation.get("operationId"))
        described = self._response(operation, response.status)
        if described is None:
            if response.status in _ANY_ROUTE:
                return
            raise ContractError("%s answered %d, which its description does not list (%s): %r"
                                % (where, response.status, sorted(operation["responses"]),
                                   response))
        content = described.get("content")
        if not content or response.status == 204:
            return
        media = response.content_type.split(";", 1)[0].strip()
        if media not in content and "*/*" not in content:
            if media == "" and not response.raw:
                return
            raise ContractError("%s answered %d as %r; described: %s"
                                % (where, response.status, media, sorted(content)))
        if "json" not in media:
            return
        schema = content[media].get("schema")
        if schema is None:
            return
        errors = sorted(self._validator(schema).iter_errors(response.body), key=str)
        if errors:
            first = errors[0]
            raise ContractError("%s answered %d with a body its schema refuses at %s: %s\n%r"
                                % (where, response.status,
                                   "/".join(str(p) for p in first.absolute_path),
                                   first.message, response))
