from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.connection_string import (
    AdoConnectionStringRecognizer,
    ConnectionUrlRecognizer,
    ado_password,
)
from tests.conftest import spans
from tests.engine.recognizers.fake_secrets import fake

PW = fake(14)


def find(text):
    found = ConnectionUrlRecognizer().find(text, text.lower()) + AdoConnectionStringRecognizer().find(
        text, text.lower()
    )
    return spans(sorted(found, key=lambda f: f.start), text)


@pytest.mark.parametrize(
    "url",
    [
        f"postgres://app:{PW}@db.internal:5432/app",
        f"postgresql://app_user:{PW}@10.0.0.5/prod?sslmode=require",
        f"postgresql+psycopg2://app:{PW}@db/app",
        f"mysql://root:{PW}@localhost:3306/shop",
        f"mariadb://svc:{PW}@maria.internal/db",
        f"mongodb://admin:{PW}@mongo1:27017,mongo2:27017/app?replicaSet=rs0",
        f"mongodb+srv://cluster-user:{PW}@cluster0.ab1cd.mongodb.net/?retryWrites=true&w=majority",
        f"redis://:{PW}@cache.internal:6379/0",
        f"rediss://default:{PW}@redis.example.net:6380",
        f"amqp://guest:{PW}@rabbit:5672/vhost",
        f"amqps://svc:{PW}@mq.example.net",
        f"mssql://sa:{PW}@sql.internal:1433/db",
        f"sqlserver://sa:{PW}@sql.internal",
        f"oracle://scott:{PW}@ora.internal:1521/ORCL",
        f"jdbc:mysql://app:{PW}@db:3306/app",
        f"ftp://deploy:{PW}@ftp.example.org/upload",
        f"sftp://deploy:{PW}@files.example.org:22/in",
        f"smtp://mailer:{PW}@smtp.example.org:587",
        f"ldap://cn=admin:{PW}@ldap.example.org",
        f"https://ci-bot:{PW}@git.example.com/acme/app.git",
        f"postgres://app:p%40ss{PW}@db/app",  # url-encoded @ in the password
    ],
)
@pytest.mark.parametrize(
    "template",
    [
        "DATABASE_URL={}",
        'DATABASE_URL="{}"',
        "  url: '{}'\n",
        "engine = create_engine('{}')",
        "connect with {} and run the migration",
        "(see {})",
        "<value>{}</value>",
        "the DSN is {}.",
    ],
)
def test_urls_with_passwords_are_found_whole(template, url):
    assert find(template.format(url)) == [("CONNECTION_STRING", url)]


@pytest.mark.parametrize(
    "url",
    [
        f"jdbc:postgresql://db:5432/app?user=app&password={PW}",
        f"jdbc:sqlserver://sql.internal:1433;databaseName=app;user=sa;password={PW};encrypt=true",
        f"jdbc:oracle:thin:scott/{PW}@//ora.internal:1521/ORCL",
        f"postgresql://db.internal/app?user=app&password={PW}&sslmode=require",
    ],
)
def test_password_parameters_and_oracle_thin_urls_are_found(url):
    assert find(f"spring.datasource.url={url}\n") == [("CONNECTION_STRING", url)]
    assert find(f"Login failed for url [{url}]") == [("CONNECTION_STRING", url)]


@pytest.mark.parametrize(
    "dsn",
    [
        f"svc_billing:{PW}@tcp(orders-db.internal:3306)/payments?parseTime=true",
        f"root:{PW}@tcp(127.0.0.1:3306)/app",
        f"app:{PW}@unix(/var/run/mysqld/mysqld.sock)/app",
    ],
)
def test_go_mysql_dsns_are_found_whole(dsn):
    assert find(f'const dsn = "{dsn}"') == [("CONNECTION_STRING", dsn)]


@pytest.mark.parametrize(
    "conn",
    [
        f"Server=tcp:acme.database.windows.net,1433;Initial Catalog=app;User ID=sa;Password={PW};Encrypt=1;",
        f"Server=db1;Database=app;User Id=sa;Password={PW};",
        f"Data Source=db1\\SQLEXPRESS;Initial Catalog=app;User Id=sa;Password={PW}",
        f"Driver={{ODBC Driver 18 for SQL Server}};Server=db1;Database=app;UID=sa;PWD={PW};",
        f"Host=localhost;Port=5432;Database=app;Username=app;Password={PW}",
    ],
)
@pytest.mark.parametrize("template", ['"ConnectionStrings": {{"Default": "{}"}}', "conn_str = '{}'", "{}"])
def test_ado_connection_strings_are_found_to_the_end_of_the_string(template, conn):
    assert find(template.format(conn)) == [("CONNECTION_STRING", conn)]


def test_ado_string_runs_to_the_end_of_the_line_without_trailing_blanks():
    conn = f"Server=db1;Database=app;User Id=sa;Password={PW};"
    assert find(f"{conn}   \nnext line") == [("CONNECTION_STRING", conn)]


@pytest.mark.parametrize(
    "text",
    [
        "postgres://db.internal:5432/app",  # no credentials
        "postgres://app@db.internal/app",  # user only
        "https://example.com:8443/path@v2",  # port, not a password
        "git@github.com:acme/app.git",
        "ssh://git@github.com:22/acme/app.git",
        "Server=db1;Database=app;Integrated Security=true;",  # no password field
        "User Id=sa;Password=x1y2z3;",  # no server
        "password=abc;",
    ],
)
def test_strings_without_credentials_are_ignored(text):
    assert find(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "postgres://user:password@localhost/db",
        "postgres://user:pass@localhost/db",
        "mysql://root:${DB_PASS}@db/app",
        "mongodb+srv://u:$MONGO_PASSWORD@cluster0.mongodb.net",
        "redis://:****@cache:6379",
        "postgresql://app:<password>@db/app",
        "amqp://guest:changeme@rabbit",
        "Server=db1;Database=app;User Id=sa;Password={your_password};",
        "Server=db1;Database=app;User Id=sa;Password=<password>;",
    ],
)
def test_placeholder_passwords_are_dismissed_by_the_engine(pattern_engine, text):
    assert [f for f in pattern_engine.scan(text).findings if f.entity_type == "CONNECTION_STRING"] == []


def test_example_hosts_do_not_make_a_real_password_a_placeholder(pattern_engine):
    url = f"postgres://app:{PW}@db.example.com/app"
    assert spans(pattern_engine.scan(url).findings, url) == [("CONNECTION_STRING", url)]


def test_connection_string_swallows_the_password_and_host_inside(pattern_engine):
    text = f"Server=db1;Database=app;User Id=sa;Password={PW};"
    assert spans(pattern_engine.scan(text).findings, text) == [("CONNECTION_STRING", text)]


def test_ado_password_extracts_the_field():
    assert ado_password("Server=x; PWD = s3cr3t ;Database=y") == "s3cr3t"
    assert ado_password("Server=x;Password=;") is None
