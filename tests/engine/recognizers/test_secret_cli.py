from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.secret_cli import (
    AwsPositionalSecretKeyRecognizer,
    CommandLinePasswordRecognizer,
    SessionCookieRecognizer,
)
from tests.conftest import spans
from tests.engine.recognizers.fake_secrets import ALNUM, BASE64, HEX, UPPER_ALNUM, URLSAFE, fake

PW = fake(12, ALNUM, 1) + "#7"
AWS_ID = "AKIA" + fake(16, UPPER_ALNUM, 2)
AWS_SECRET = fake(40, BASE64, 3)
SESSION = fake(32, URLSAFE, 4)


def find(detector_cls, text):
    return spans(detector_cls().find(text, text.lower()), text)


@pytest.mark.parametrize(
    "template",
    [
        "sshpass -p '{}' ssh deploy@10.0.0.5",
        "sshpass -p{} scp build.tar host:/srv",
        "docker login -u ci -p {} registry.internal",
        'podman login --username ci -p "{}" quay.io',
        "helm registry login ghcr.io -u bot -p {}",
        "mongosh -u admin -p {} --authenticationDatabase admin",
        "mongodump --uri mongodb://db -u backup -p '{}' --out /backups",
        "redis-cli -h cache -p 6379 -a {} ping",
        "sqlcmd -S db01 -U sa -P {} -Q 'select 1'",
        "ldapsearch -x -D cn=admin,dc=corp -w {} -b dc=corp",
        "zip -r -P {} backup.zip reports/",
        "7z x secrets.7z -p{}",
        "keytool -importkeystore -srckeystore in.p12 -srcstorepass {} -destkeystore out.jks",
        "smbclient //fs01/share -U alice%{}",
        "$ docker login -u ci \\\n    -p {} registry.internal",
    ],
)
def test_passwords_after_a_tools_password_flag_are_found(template):
    text = template.format(PW)
    assert find(CommandLinePasswordRecognizer, text) == [("PASSWORD", PW)]


@pytest.mark.parametrize(
    "text",
    [
        "docker run -p 8080:80 nginx",  # a port
        "ssh -p 2222 deploy@host",  # a port, and ssh is not sshpass
        "mkdir -p /srv/app/logs",
        "mongosh -u admin -p --authenticationDatabase admin",  # prompts for it
        "zip -r backup.zip reports/",
        "7z x archive.7z -o/tmp",
        "please login with -p and your password",
    ],
)
def test_ports_paths_prompts_and_references_are_not_passwords(text):
    assert find(CommandLinePasswordRecognizer, text) == []


@pytest.mark.parametrize(
    "text",
    ["redis-cli -a $REDIS_PASSWORD ping", 'sshpass -p "$(cat ~/.pass)" ssh host', "mongosh -u a -p ${PW}"],
)
def test_references_after_a_password_flag_are_dismissed_by_the_engine(pattern_engine, text):
    assert [f for f in pattern_engine.scan(text).findings if f.entity_type == "PASSWORD"] == []


@pytest.mark.parametrize(
    "template",
    [
        "curl 'https://app.example.org/me' -H 'accept: */*' -H 'Cookie: _ga=GA1.2; session={}; theme=dark'",
        'curl https://app.example.org --header "cookie: sessionid={}"',
        "curl https://app.example.org -b 'connect.sid={}'",
        'curl --cookie "JSESSIONID={}; lang=en" https://intranet/app',
        "GET /dashboard HTTP/1.1\nHost: intranet\nCookie: csrftoken=abc; laravel_session={}\n",
        "Set-Cookie: __Secure-next-auth.session-token={}; Path=/; HttpOnly; Secure",
    ],
)
def test_session_cookies_in_copied_requests_are_found(template):
    assert find(SessionCookieRecognizer, template.format(SESSION)) == [("SESSION_COOKIE", SESSION)]


@pytest.mark.parametrize(
    "text",
    [
        "curl https://x.org -H 'Cookie: _ga=GA1.2.1234567890.1700000000; theme=dark; lang=en-GB'",
        "curl https://x.org -b cookies.txt",  # a cookie jar file
        f"curl https://x.org -H 'Cookie: csrftoken={SESSION}'",  # anti-forgery, not a session
        "curl https://x.org -H 'Cookie: session=short'",
        "We store a session cookie named session=… for two weeks.",
    ],
)
def test_other_cookies_jars_and_prose_are_not_session_cookies(text):
    assert find(SessionCookieRecognizer, text) == []


@pytest.mark.parametrize(
    "template",
    [
        'creds = Credentials("{id}", "{secret}")',
        "s3 = boto3.client('s3', '{id}', '{secret}')",
        "Access key ID,Secret access key\n{id},{secret}\n",
        "User name\tAccess key ID\tSecret access key\nci\t{id}\t{secret}\n",
        "s3cmd --configure  {id} {secret}",
        "aws_access_key_id: {id}\n  {secret}",
        'new BasicAWSCredentials("{id}",\n    "{secret}")',
    ],
)
def test_a_secret_key_right_after_its_key_id_is_found(template):
    text = template.format(id=AWS_ID, secret=AWS_SECRET)
    assert find(AwsPositionalSecretKeyRecognizer, text) == [("AWS_SECRET_KEY", AWS_SECRET)]


@pytest.mark.parametrize(
    "text",
    [
        f"{AWS_ID} {fake(40, HEX, 5)}",  # a git SHA
        f"{AWS_ID}\nThe rotation schedule is documented on the wiki for everyone.",
        f"key id {AWS_ID}, see ticket OPS-1234 for the secret",
        f"{fake(40, BASE64, 6)} {AWS_ID}",  # before the id: not the positional shape
    ],
)
def test_hashes_prose_and_values_before_the_id_are_not_secret_keys(text):
    assert find(AwsPositionalSecretKeyRecognizer, text) == []


def test_a_session_cookie_in_a_har_export_is_found():
    text = '{\n "name": "Cookie",\n "value": "session=2A2DUt4Zu2ExYPmJ2dEcikuiu93y9wK9kJ7INHZe"\n}'
    found = [text[f.start : f.end] for f in SessionCookieRecognizer().find(text, text.lower())]
    assert found == ["2A2DUt4Zu2ExYPmJ2dEcikuiu93y9wK9kJ7INHZe"]
