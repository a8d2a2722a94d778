def only_v1(endpoints, **kwargs):
    """The schema documents this API only, not Wagtail's admin API."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


ERROR_SCHEMA = {
    "type": "object",
    "description": "Every error of the API has this shape.",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "code": {"type": "string", "example": "invalid"},
                "message": {
                    "type": "string",
                    "description": "In the language of Accept-Language.",
                    "example": "部分欄位內容不正確。",
                },
                "fields": {
                    "type": "object",
                    "description": "Messages by field, for invalid input.",
                    "additionalProperties": True,
                    "example": {
                        "month": ["This value does not match the required pattern."]
                    },
                },
            },
            "required": ["code", "message", "fields"],
        }
    },
    "required": ["error"],
}

ERROR_RESPONSES = {
    "400": "Invalid input; `fields` says which and why.",
    "401": "Not signed in, or the token is invalid or revoked.",
    "403": "Signed in, but this is not for you.",
    "404": "No such object, or not in your scope.",
    "429": "Too many requests; retry after the `Retry-After` seconds.",
}


def add_error_responses(result, generator, request, public):
    """Document the common error shape on every operation, and path parameters."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = (
        ERROR_SCHEMA
    )
    reference = {"$ref": "#/components/schemas/Error"}
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "path" and not parameter.get("description"):
                    parameter["description"] = (
                        "Identifier of the object, from a listing."
                    )
            responses = operation.setdefault("responses", {})
            for code, description in ERROR_RESPONSES.items():
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": reference}},
                    },
                )
    return result


def nullable_as_31(result, generator, request, public):
    """OpenAPI 3.1 has no ``nullable``: what still says it (DRF's pagination
    schema, hand-written parts) becomes a type that admits null."""

    def fix(node):
        if isinstance(node, dict):
            if node.get("nullable") is True:
                node.pop("nullable")
                kind = node.get("type")
                if isinstance(kind, str):
                    node["type"] = [kind, "null"]
                elif isinstance(kind, list):
                    node["type"] = [*kind, "null"] if "null" not in kind else kind
                else:
                    rest = dict(node)
                    node.clear()
                    node["oneOf"] = [rest, {"type": "null"}]
            elif node.get("nullable") is False:
                node.pop("nullable")
            for value in node.values():
                fix(value)
        elif isinstance(node, list):
            for value in node:
                fix(value)

    fix(result)
    return result
