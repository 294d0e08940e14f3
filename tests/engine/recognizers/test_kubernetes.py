from __future__ import annotations

import base64

import pytest

from dlpguard.engine.recognizers.kubernetes import KubernetesSecretRecognizer
from tests.conftest import spans
from tests.engine.recognizers.fake_secrets import ALNUM, fake

PASSWORD_B64 = base64.b64encode(fake(18, ALNUM, 1).encode()).decode()
TOKEN_B64 = base64.b64encode(fake(40, ALNUM, 2).encode()).decode()
PLAIN = fake(20, ALNUM, 3)


def find(text):
    return spans(KubernetesSecretRecognizer().find(text, text.lower()), text)


def test_data_values_of_a_secret_manifest_are_found():
    text = f"""apiVersion: v1
kind: Secret
metadata:
  name: db-user-pass
type: Opaque
data:
  # base64 of the password
  password: {PASSWORD_B64}
  username: YWRtaW4=
  api.token: "{TOKEN_B64}"
"""
    assert find(text) == [("GENERIC_SECRET", PASSWORD_B64), ("GENERIC_SECRET", TOKEN_B64)]


def test_string_data_and_block_scalars_are_found():
    text = f"""kind: Secret
apiVersion: v1
stringData:
  DB_PASSWORD: '{PLAIN}'
data:
  .dockercfg: |
    {TOKEN_B64}
metadata:
  name: mixed
"""
    assert find(text) == [("GENERIC_SECRET", PLAIN), ("GENERIC_SECRET", TOKEN_B64)]


@pytest.mark.parametrize(
    "text",
    [
        f"kind: ConfigMap\ndata:\n  password: {PASSWORD_B64}\n",  # not a Secret
        f"kind: ExternalSecret\nspec:\n  data:\n    - secretKey: {PLAIN}\n",
        "kind: Secret\ndata:\n  htpasswd: ''\n  extra: YmFyCg==\n  password: {{ .Values.Password }}\n",
        f"kind: Secret\nmetadata:\n  name: {PLAIN}\n",  # no data
        f"kind: ConfigMap\ndata:\n  url: {PASSWORD_B64}\n---\nkind: Deployment\n",
    ],
)
def test_other_kinds_empty_short_and_templated_values_are_not_secrets(text):
    assert find(text) == []


def test_only_the_secret_document_of_a_multi_document_paste_counts():
    text = f"kind: ConfigMap\ndata:\n  url: {PASSWORD_B64}\n---\nkind: Secret\ndata:\n  key: {TOKEN_B64}\n"
    assert find(text) == [("GENERIC_SECRET", TOKEN_B64)]


def test_certificates_and_plain_settings_in_a_secret_are_not_findings():
    text = (
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: orders\ntype: Opaque\nstringData:\n"
        "  DB_USER: billing\n  DB_PASSWORD: copper-quartz-meadow78\n  LOG_FORMAT: json\n"
        "  tls.crt: |\n    -----BEGIN CERTIFICATE-----\n    MIIDabc\n    -----END CERTIFICATE-----\n"
    )
    found = [text[f.start : f.end] for f in KubernetesSecretRecognizer().find(text, text.lower())]
    assert found == ["copper-quartz-meadow78"]
