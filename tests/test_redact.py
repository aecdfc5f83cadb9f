from os1.redact import redact


def test_credentials_are_taken_out_and_the_rest_kept():
    text = ("cannot reach http://alice:s3cret@model.lan:8080/v1?api_key=k3y (refused); "
            "header Authorization: Bearer abc.DEF-123; api_key=k3y password: 'hunter2' "
            "1 validation error: input_value='hunter2', input_type=str")
    out = redact(text)
    for secret in ("s3cret", "alice", "k3y", "abc.DEF-123", "hunter2"):
        assert secret not in out, secret
    assert "http://model.lan:8080/v1" in out and "(refused)" in out and "Bearer ***" in out
    assert redact("the model server at http://127.0.0.1:11434/v1 failed") == \
        "the model server at http://127.0.0.1:11434/v1 failed"
