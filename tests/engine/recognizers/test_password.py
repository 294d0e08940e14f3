from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.password import PasswordRecognizer, PgpassRecognizer
from tests.conftest import spans


def find(text):
    return spans(PasswordRecognizer().find(text, text.lower()), text)


def found(pattern_engine, text):
    return [(e, v) for e, v in spans(pattern_engine.scan(text).findings, text) if e == "PASSWORD"]


@pytest.mark.parametrize(
    "text, value",
    [
        # .env, shell, properties, INI, TOML
        ("DB_PASSWORD=summer2024", "summer2024"),
        ("export PGPASSWORD='Xk9#mL2$qp'", "Xk9#mL2$qp"),
        ('MYSQL_ROOT_PASSWORD="r00t-Pa55!"', "r00t-Pa55!"),
        ("DB_PASS=hunter22", "hunter22"),
        ("SMTP_PASS=Tr0ub4dor%3x", "Tr0ub4dor%3x"),
        ("https://api.example.com/login?user=bob&password=Qz81mmx0&remember=1", "Qz81mmx0"),
        ("spring.datasource.password=Zq7!kLm2p", "Zq7!kLm2p"),
        ("[database]\nhost = db.internal\npassword = Zq7!kLm2p\n", "Zq7!kLm2p"),
        ('password = "correct-horse-9"\n', "correct-horse-9"),
        ("DB_PASSWORD=summer", "summer"),  # a weak word is still a password in a config
        # YAML
        ("db:\n  user: app\n  password: Zq7!kLm2p\n", "Zq7!kLm2p"),
        ('POSTGRES_PASSWORD: "Xq7!vR2#pL9w"\n', "Xq7!vR2#pL9w"),
        ("  pass: Xy12abc!\n", "Xy12abc!"),
        ("- pass: qwerty99\n", "qwerty99"),
        ("password: letmein # change later\n", "letmein"),
        # JSON, Python, JS, PHP, Go, C#
        ('{"username": "admin", "password": "S3cure!Pass"}', "S3cure!Pass"),
        ('{"passwd": "Kx82mq01"}', "Kx82mq01"),
        ("conn = psycopg2.connect(host='db', password='pg-Secret-42')", "pg-Secret-42"),
        ("const config = { adminPassword: 'Adm1n!2024' };", "Adm1n!2024"),
        ("$db_password = 'Wp_Pass_8812';", "Wp_Pass_8812"),
        ("'password' => 'laravel-Pw-77',", "laravel-Pw-77"),
        ('Password: "go-Secret-9",', "go-Secret-9"),
        ('var password := "Golang#2024"', "Golang#2024"),
        ('options.Password = "CSharp!Pwd1";', "CSharp!Pwd1"),
        ("user.set_password('N3wPass!word')", "N3wPass!word"),
        ("config['password'] = 'dict-Pw-12'", "dict-Pw-12"),
        ("secret = 'S0me-Secr3t'", "S0me-Secr3t"),
        ("client_secret: 'a8Fk29DlqP0z'", "a8Fk29DlqP0z"),
        ("GOOGLE_CLIENT_SECRET=GOCSPX-" + "kq81Jd0aLmZ", "GOCSPX-kq81Jd0aLmZ"),
        ('{"clientSecret": "Cl13nt-S3cret"}', "Cl13nt-S3cret"),
        ("dbPass = 'camel-Pass-1'", "camel-Pass-1"),
        # XML
        ("<server><id>nexus</id><password>Xk82!mz0</password></server>", "Xk82!mz0"),
        # CLI
        ("psql --password 'Pa$$w0rd!' -h db", "Pa$$w0rd!"),
        ("tool --password=Sup3rS3cret --verbose", "Sup3rS3cret"),
        ("backup --db-password Xk82mz0q --out dump.sql", "Xk82mz0q"),
        ("openssl pkcs12 -export -passout pass:Exp0rt!Pw -in a.pem", "Exp0rt!Pw"),
        ("mysql -u root -p'S3cret!' app", "S3cret!"),
        ("mysqldump -h db -u backup -pBackup2024 shop > shop.sql", "Backup2024"),
        ("curl -u admin:S3cret99 https://jenkins.internal/api/json", "S3cret99"),
        # prose, several languages
        ("my password is hunter22 but it expired", "hunter22"),
        ("the wifi password is 'Blue-Horse-88'.", "Blue-Horse-88"),
        ("Password: Summer2024! (don't share)", "Summer2024!"),
        ("Passwort: Geheim123", "Geheim123"),
        ("Das Kennwort lautet Sommer2024!", "Sommer2024!"),
        ("mot de passe : azerty12", "azerty12"),
        ("Le mot de passe est Soleil#2024", "Soleil#2024"),
        ("contraseña: Verano2024", "Verano2024"),
        ("La contraseña es Madrid#99", "Madrid#99"),
        ("senha: Praia2024!", "Praia2024!"),
        ("wachtwoord: Zomer2024", "Zomer2024"),
        ("temp password for ana@example.org is Z6r7r_.0bE6t~n5? – change it", "Z6r7r_.0bE6t~n5?"),
        ("Zugang: Benutzer admin, Passwort Copper-Copper88% – bitte nicht teilen", "Copper-Copper88%"),
        ("wifi for the guest network is Nimbus_Saffron59%", "Nimbus_Saffron59%"),
        ("la contraseña del wifi de la oficina es LgK0:a:N-U_zZf0tD", "LgK0:a:N-U_zZf0tD"),
        ("machine api.example.com\n  login reporting\n  password dTX60V45sy.mo.iWH\n", "dTX60V45sy.mo.iWH"),
        # more config shapes
        ("DB_PASSWORD=uSBawkDCWb8r8,q\n", "uSBawkDCWb8r8,q"),
        ("MAIL_PASSWORD=mTa63Mdb4AIJ6,\n", "mTa63Mdb4AIJ6,"),
        ("  password: bmk1I,&wV?!n~^5qwg,\n", "bmk1I,&wV?!n~^5qwg,"),
        ("SMTP_PASS=Tr0ub4dor&3x\n", "Tr0ub4dor&3x"),
        ("* guest wifi pw=blue-castle-staple-20\n* keys with facilities", "blue-castle-staple-20"),
        ("- WLAN Lager: SSID lager-5g / PW:Marmot.5267A\n", "Marmot.5267A"),
        (
            'transport = nodemailer.createTransport({ auth: { user: "a@b.io", pass: "Meadow_Falcon84_" } });',
            "Meadow_Falcon84_",
        ),
        # SQL and library calls
        ("CREATE ROLE metabase WITH LOGIN PASSWORD 'Orchid-Copper54%';", "Orchid-Copper54%"),
        ("ALTER USER app IDENTIFIED BY 'N3w-0racle-Pw';", "N3w-0racle-Pw"),
        ('server.login("becker@example.com", "iJBsjW#BU^sc,IZ1&")', "iJBsjW#BU^sc,IZ1&"),
        ("curl -s -u admin:'pSyGlZg!jh*9BE%wKMz' https://grafana.internal/api", "pSyGlZg!jh*9BE%wKMz"),
    ],
)
def test_passwords_are_found_as_the_value(text, value):
    assert find(text) == [("PASSWORD", value)]


@pytest.mark.parametrize(
    "text",
    [
        # code that handles a password without containing one
        "password = input('Password: ')",
        "password = getpass.getpass()",
        "password = request.form['password']",
        "password = request.json.get('password')",
        "password=os.environ['DB_PASSWORD']",
        "login(user, password=pw)",
        "login(password=get_pw(), user=u)",
        "password = pw",
        "password = my_password",
        "if password == 'x': pass",
        "password_field = forms.CharField(widget=forms.PasswordInput)",
        "PASSWORD_MIN_LENGTH = 12",
        "password_hash = bcrypt.hashpw(pw, salt)",
        "print(f'{password}')",
        "docker login --password-stdin < token.txt",
        "    pass\n",
        # types, schemas and UI text
        "password: str",
        "password: Optional[str] = None",
        "password: SecretStr = Field(...)",
        "password: string;",
        '"password": {"type": "string", "minLength": 8}',
        'password: "Password is required"',
        "password: 'Mot de passe'",
        '<input type="password" name="password">',
        "the --password option is deprecated",
        "the password is required",
        "the password is too short",
        "Password: see the wiki",
        # empty or nothing
        "password=",
        "password:\n  - one\n",
        '"password": ""',
        # not a password key
        "Boarding pass: 12A",
        "Passport: X1234567",
        "bypass=true1",
        "compass: N52",
        "JWT_SECRET=Zk3q9LmP0w",  # other *_secret names are generic secrets
        "cd $PWD && pwd=/home/user",
        "WHERE password = ? AND user = :user",
        "DB_PASSWORD=${POSTGRES_PASSWORD:?must be set}",
        "DB_PASSWORD=${POSTGRES_PASSWORD:-devonly1}",
        "-- name: UpdatePassword :exec",
        "new_password = secrets.token_urlsafe(32)",
        "    connect(user=u,\n            password=pw,\n            host=h)",
        "wifi is 5GHz only",
        "the password for the admin account is stored in the vault",
    ],
)
def test_code_types_and_prose_are_not_passwords(pattern_engine, text):
    assert found(pattern_engine, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "DB_PASSWORD=${DB_PASSWORD}",
        "password: ${{ secrets.DB_PASSWORD }}",
        'password: "{{ db_password }}"',
        "password: '%(password)s'",
        "PASSWORD=$DB_PASS",
        "password: %env(DB_PASSWORD)%",
        "password: !vault |",
        "password: !secret wifi_password",
        "password: ********",
        "password: <password>",
        "password: [REDACTED]",
        "password=changeme",
        "password: your-password-here",
        "password: example",
        "password: test",
        "password: password",
        "password = 'secret'",
        "password: TODO",
        "PASSWORD=REPLACE_ME",
        "password: dummy",
        "password = settings.DB_PASSWORD",
        "password = DB_PASSWORD",
        "password: null",
        "password: true",
        "password = %s",
        'password: "$2b$12$KIXQ4h1aRk8s5c7a6d5e4uJ3bGm2f1e0d9c8b7a6z5y4x3w2v1u0t"',
        "password: xxxxxxxx",
    ],
)
def test_references_and_placeholders_are_dismissed_by_the_engine(pattern_engine, text):
    assert found(pattern_engine, text) == []


def test_several_passwords_in_one_env_file(pattern_engine):
    text = "DB_PASSWORD=Kx82mq01\nREDIS_PASSWORD=${REDIS_PASSWORD}\nADMIN_PASS=Adm1n!2024\n"
    assert found(pattern_engine, text) == [("PASSWORD", "Kx82mq01"), ("PASSWORD", "Adm1n!2024")]


def test_windows_line_endings_do_not_leak_into_the_value():
    assert find("DB_PASSWORD=Kx82mq01\r\nUSER=app\r\n") == [("PASSWORD", "Kx82mq01")]


def test_a_paste_with_a_non_ascii_lowercase_shift_still_works():
    text = "İstanbul office\npassword = 'Kx82mq01!'"  # 'İ'.lower() is two characters long
    assert find(text) == [("PASSWORD", "Kx82mq01!")]


@pytest.mark.parametrize(
    "text, value",
    [
        ("# ~/.pgpass\ndb.internal:5432:billing:etl_loader:XzXD#f34ZS1\n", "XzXD#f34ZS1"),
        ("*:*:*:replicator:R3pl-Secret\n", "R3pl-Secret"),
    ],
)
def test_pgpass_lines_report_the_password_field(text, value):
    assert spans(PgpassRecognizer().find(text, text.lower()), text) == [("PASSWORD", value)]


def test_times_of_day_are_not_pgpass_lines():
    text = "deploy window 10:30:00:00:15 tonight"
    assert spans(PgpassRecognizer().find(text, text.lower()), text) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("mysql -u root -p 'Tr0ub4dor&3' shop", "Tr0ub4dor&3"),
        ('mysqladmin -u root -p "S3cret!x" status', "S3cret!x"),
    ],
)
def test_a_quoted_mysql_password_after_a_blank_is_found(text, value):
    assert find(text) == [("PASSWORD", value)]


@pytest.mark.parametrize(
    "text",
    [
        "mysql -u root -p shop",  # -p then a database name: the client prompts
        "curl -u <user:password> https://test.example/endpoint",
        "curl --user neo4j:[PASSWORD] http://[IP]:7474/db/data/",
    ],
)
def test_prompts_and_documented_placeholders_on_command_lines_are_not_passwords(text):
    assert find(text) == []


@pytest.mark.parametrize(
    "text, value",
    [
        ("MOT_DE_PASSE_ADMIN=MnMgmSme!62mJV\n", "MnMgmSme!62mJV"),  # an environment after the word
        ("DB_PASSWORD_PROD='Kx82mq01'", "Kx82mq01"),
        ("wifi for the offsite: SSID Orbitane-Guest, pw Sunshine2011$\n", "Sunshine2011$"),
        ("utente amministrazione, password AsmKjLE*VwJQ.\nPer il server", "AsmKjLE*VwJQ"),  # no digit
        ("Contraseña temporal asignada: fVA8hvPxjNJ_f1Z6ROW+pCa\n", "fVA8hvPxjNJ_f1Z6ROW+pCa"),
    ],
)
def test_suffixed_keys_pw_and_labelled_prose_passwords_are_found(text, value):
    assert [v for _, v in find(text)] == [value]


@pytest.mark.parametrize(
    "text",
    [
        "2026-04-14T16:11:17Z INFO Benutzer angemeldet (Passwort: [maskiert])\n",  # a log's mask
        "PASSWORD_MIN_LENGTH=12\n",
        "the pw field is required",
        "Password policy: Zero-Trust rules apply",
    ],
)
def test_masks_settings_and_prose_are_not_passwords(text):
    assert find(text) == []


@pytest.mark.parametrize(
    "text, value",
    [
        ("Dettagli: la password temporanea mare_Falcon03!7wf non funziona", "mare_Falcon03!7wf"),
        ("your new password Tiger42!x works until Friday", "Tiger42!x"),
    ],
)
def test_a_password_after_an_adjective_in_prose_is_found(text, value):
    assert [v for _, v in find(text)] == [value]


@pytest.mark.parametrize(
    "text, value",
    [
        (
            "curl -s -X GET https://api.example.io/v2/invoices \\\n  -u admin:Chaton990? \\\n  -H 'A: b'",
            "Chaton990?",
        ),
        ("[11:30] grace: k thx. pw for the admin ui still `draak-pesto-tulp5`?", "draak-pesto-tulp5"),
        ("bom dia! a password do router da loja mudou para s!FAVySK9AMIZH4\nok", "s!FAVySK9AMIZH4"),
        ("User reset pw to Pesto1244# over the phone (!!).", "Pesto1244#"),
        ("das Passwort wurde geändert auf Kiwi-88%Q heute", "Kiwi-88%Q"),
    ],
)
def test_continued_curl_lines_quoted_tokens_and_changed_or_reset_passwords(text, value):
    found = PasswordRecognizer().find(text, text.lower())
    assert [text[f.start : f.end] for f in found] == [value]


@pytest.mark.parametrize(
    "text",
    [
        "resp = client.post('/login', json={'email': 'a@example.com', 'password': 'hunter2-not-real'})",
        "const user = { nome: 'Fulano', senha: 'senha-de-teste' };",
        'FATAL: password authentication failed for user "etl_user"',
        'password authentication failed for user "etl-2"',
    ],
)
def test_values_that_say_they_are_fake_and_quoted_user_names_are_no_passwords(text):
    assert PasswordRecognizer().find(text, text.lower()) == []


@pytest.mark.parametrize(
    "text, value",
    [
        # a scan's 0 for o in the label
        ("WLAN Gäste\nSSID: Praxis-Gast\nPassw0rt: Qx7%mLw2Rt", "Qx7%mLw2Rt"),
        # Spanish "clave" in prose with a verb
        ("el servidor responde en 10.0.0.5, la clave de admin es Pino2012%", "Pino2012%"),
        ("il server risponde su 10.0.0.5, la password di admin è Pino2012%", "Pino2012%"),
        # a decoded Kubernetes secret on the line after the command
        ("$ kubectl get secret db -o jsonpath='{.data.password}' | base64 -d\nKiwi-19!\n$ ls", "Kiwi-19!"),
    ],
)
def test_more_password_shapes_are_found(text, value):
    assert find(text) == [("PASSWORD", value)]


def test_values_of_a_password_column_in_an_sql_insert_are_passwords():
    text = (
        "INSERT INTO accounts (name, email, initialpasswort, datum) VALUES\n"
        "  ('Ana Roe', 'ana@mail.example.de', 'Lupo2011!', '2020-10-28'),\n"
        "  ('Ben Poe', 'ben@mail.example.de', 'x7Gh%pQ2', '2021-01-02');"
    )
    assert [v for _, v in find(text)] == ["Lupo2011!", "x7Gh%pQ2"]


@pytest.mark.parametrize(
    "text",
    [
        "la clave del problema es la cache",
        "la password è corretta",
        "INSERT INTO users (name, password_hash) VALUES ('Ana', 'NULL');",
        "INSERT INTO users (name, password_changed_at) VALUES ('Ana', '2021-01-02');",
        "INSERT INTO trips (name, passport_no, passengers) VALUES ('Ana Roe', 'X1234567', '3');",
    ],
)
def test_key_words_hashes_and_dates_are_not_passwords(text):
    assert find(text) == []
