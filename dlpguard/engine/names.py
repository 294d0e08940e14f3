"""What a person's name looks like: shared by the NER post-filters and the pattern-based person recognizers.

Both sides must agree on what is *not* a name (tool names, greeting words, `PersonService`), or the same
text would be a person for one and not for the other.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

# Latin letters with accents; the Extended blocks mix cases (Ā ā Ă ă ..., Vietnamese Ễ ễ), so they sit in
# both classes.
UPPER = "A-ZÀ-ÖØ-ÞĀ-ɏḀ-ỿ"
LOWER = "a-zß-öø-ÿĀ-ɏḀ-ỿ"
_WORD = rf"(?:(?:Ó|Ní|Nic|Uí)[ \t])?(?:Mc|Mac|O['’]|D['’])?[{UPPER}][{LOWER}]+(?:[-'’][{UPPER}]?[{LOWER}]+)*"
#: One capitalised word of a name ("O'Brien", "Jean-Luc", "McDonald", the Irish "Ó Briain").
NAME_WORD = _WORD
#: Lowercase words inside a name ("van der", "de la", "bin").
PARTICLES = (
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "des", "la", "le", "dos", "das", "do",
    "y", "zu", "ten", "ter", "bin", "ibn", "al", "el",
)  # fmt: skip
_PARTICLE = "(?:" + "|".join(PARTICLES) + ")"
#: A surname in capitals after a first name, as French and Italian letters write it ("Jean DUPONT").
_CAPS_SURNAME = rf"[{UPPER}]{{2,}}(?:[-'’][{UPPER}]{{2,}})*"
#: The gap between the words of one name: spaces, never a tab, which separates the cells of a TSV export
#: ("Alejandro<TAB>Vázquez" is a first-name cell and a surname cell).
NAME_GAP = _GAP = "[ \u00a0]+"
#: One to four capitalised words on one line, with middle initials and nobiliary particles after the
#: first word ("Jean-Luc van der Berg", "María de la Cruz", "John F. Kennedy", "Siobhán O'Brien"), and
#: perhaps a surname in capitals ("Jean DUPONT"). A particle later on is more often a place: "Carmen
#: Domínguez de Barcelona".
NAME = (
    rf"{_WORD}(?:{_GAP}(?:[{UPPER}]\.{_GAP})?(?:{_PARTICLE}{_GAP}){{0,2}}{_WORD})?"
    rf"(?:{_GAP}(?:[{UPPER}]\.{_GAP})?{_WORD}){{0,2}}(?:{_GAP}{_CAPS_SURNAME}(?![{LOWER}]))?"
)
NAME_RE = re.compile(NAME)
#: A surname alone in capitals, after a courtesy title ("Madame DUPONT", "Sig.ra ROSSI").
CAPS_SURNAME = rf"{_CAPS_SURNAME}(?![{LOWER}])"
_CAPS_SURNAME_RE = re.compile(_CAPS_SURNAME)


def looks_like_caps_surname(value: str) -> bool:
    """True for "DUPONT", "LE-GALL"; false for acronyms and labels ("API", "RE", "URGENT")."""
    return (
        _CAPS_SURNAME_RE.fullmatch(value) is not None
        and len(value) >= 3
        and value.lower() not in NOT_NAME_WORDS
        and not is_common_word(value, "en")
    )


_NAME_WORDS = re.compile(rf"{_WORD}|{_CAPS_SURNAME}")
_CAPS_NAME = re.compile(rf"(?:[{UPPER}][{UPPER}{LOWER}'’-]*)(?:[ \t]+[{UPPER}][{UPPER}{LOWER}'’-]*){{1,4}}")
_CAPS_PARTICLES = frozenset(
    {
        "el",
        "al",
        "de",
        "da",
        "di",
        "del",
        "della",
        "van",
        "von",
        "der",
        "den",
        "le",
        "la",
        "ben",
        "bin",
        "ibn",
        "dos",
        "das",
        "du",
        "des",
        "mac",
        "ó",
        "ní",
    }
)


def looks_like_caps_name(value: str) -> bool:
    """True for a name with its surname in capitals, first or last, as forms, ID cards and French and
    Italian registers write it: "BEN SALEM Yasmine", "RINALDI CHIARA", "OKAFOR Chidi", "Jean DUPONT".
    A known first name or surname must be among the words, and no word may be an ordinary word or a
    label."""
    value = value.strip()
    if not _CAPS_NAME.fullmatch(value) or not any(w.isupper() and len(w) > 2 for w in value.split()):
        return False
    words = value.split()
    rest = [w for w in words if w.lower() not in _CAPS_PARTICLES]
    # A known first name, or a known surname beside words that are no ordinary words ("OKAFOR Chidi").
    if not any(is_given_name(w) for w in words) and not (
        any(is_surname(w) for w in rest) and not any(is_ordinary_word(w) for w in rest)
    ):
        return False
    if len(rest) < 2:
        return False
    for w in rest:
        low = w.lower()
        if low in NOT_NAME_WORDS or low in CODE_SUFFIXES or low in PLACEHOLDER_NAMES:
            return False
        if not (is_given_name(w) or is_surname(w)) and (is_frequent_english(w) or is_common_anywhere(w)):
            return False
    return value.lower() not in PLACEHOLDER_NAMES


#: Courtesy titles that precede a name and are not part of its span.
TITLE_WORDS = (
    "Mr", "Mrs", "Ms", "Mx", "Miss", "Dr", "Prof", "Sir", "Herr", "Frau", "Monsieur", "Madame",
    "Mademoiselle", "M", "Mme", "Mlle", "Señor", "Señora", "Señorita", "Sr", "Sra", "Srta", "Doña", "Dra",
    "Sig", "Sig.ra", "Sigra", "Dott", "Dott.ssa", "Dottssa", "Ing", "Avv", "Don", "Dña", "Herrn",
)  # fmt: skip
TITLE_PREFIX = "(?:(?:" + "|".join(TITLE_WORDS) + r")\.?[ \t]+){0,2}"

# Capitalised words that start sentences, greet, sign off, label a field, or name a team, tool, product,
# company or street. Particles ("de", "la", "van") are not here: "De Jong" and "La Rue" are names.
NOT_NAME_WORDS = frozenset(
    """
    hi hello hey dear thanks thank regards cheers best kind warm greetings morning afternoon evening
    hallo liebe lieber gruß grüße grüsse danke bonjour salut merci cordialement hola saludos gracias
    atentamente estimado estimada damen herren ciao buongiorno buonasera salve gentile gentilissimo
    gentilissima egregio egregia cari caro cara saluti cordiali distinti grazie vielen dank gott grüß
    herzlichen schönen emea apac amer latam dach benelux nordics anz cee identifier beneficiary
    api ui ux ci cd db pr eod cob otp sms url uri sql json xml csv pdf gdpr dsgvo rgpd kpi okr sla
    however unfortunately sure yes no ok okay well so also additionally finally first second third meanwhile
    otherwise besides therefore anyway again sorry please hmm fyi btw asap
    team teams all everyone everybody folks guys there world sir madam madame monsieur customer customers
    client clients support sales finance legal ops dev devs qa admin admins user users guest owner staff hr it
    management colleagues kollegen kolleginnen zusammen alle tous équipe equipo todos todas plattform
    unassigned nobody anonymous automation system root beste goedemorgen goedemiddag groet groeten groetjes
    bedankt olá ola prezado prezada cumprimentos atenciosamente obrigado obrigada abraço abraços beijos
    assignee reporter requester reviewer interviewer attendees attendee subject cc bcc sent date priority
    status summary description ticket issue incident note notes agenda re fw fwd fix reason cause impact
    result results steps workaround resolution question answer problem context goal decision outcome comment
    comments feedback background example warning tip hint important edit ps action actions next follow post
    pre timeline overview details detail information info contact address phone email mobile number name
    names account amount total balance payment invoice order reference ref location city country region
    state street zip code type category severity level stage score source target version start end
    emergency leaving bump quickstart keys key password login logout signup cloud edge foo baz qux time
    call ping ask tell send changelog readme license licence contributing installation introduction faq
    troubleshooting configuration examples tokens token
    usage output input expected actual solution symptom fixes changes added removed deprecated breaking
    features pros cons why what when where how who env prod production staging mode optional required
    returns args arguments raises parameters params yields attributes caveat tldr purpose scope risk risks
    mitigation eta blocker blockers progress done doing
    betreff anrede datum kundin bestellung bestellungen rechnung konto ort plz telefon geburtsort
    geburtsdatum standort eintritt austritt bemerkung abteilung vertrag arbeitsvertrag euer eure ihr ihre
    unser unsere dein deine mein meine sie er es wir ich du und oder für mit von vom zum zur bei nach aus
    objet départ arrivée commande facture compte adresse ville je tu il elle nous vous ils elles et ou pour
    avec votre notre mon mes ce cette pris
    asunto incidencia versión solución respuesta pedido factura cuenta dirección ciudad yo tú él ella
    nosotros usted los las una sus se que por un
    head chief senior junior lead principal director engineer officer president vice ceo cto cfo coo vp
    intern consultant analyst specialist assistant coordinator developer architect administrator
    monday tuesday wednesday thursday friday saturday sunday january february march july september october
    november december today tomorrow yesterday
    slack jira confluence github gitlab bitbucket kubernetes docker python java linux windows macos ubuntu
    excel outlook gmail zoom postgres postgresql mysql redis kafka cassandra terraform ansible jenkins
    grafana sentry stripe aws azure gcp google microsoft apple amazon oracle salesforce hubspot zendesk
    notion figma chrome firefox safari brave copilot chatgpt claude gemini openai dependabot renovate
    cloudtrail cloudwatch iam vpn sso
    service services server servers api app application system systems platform project product
    test tests testing build builds deploy deployment release install setup set up run check update create
    delete get lint publish upload download checkout job task pipeline workflow default unknown none null
    true false n/a na tbd todo fixme
    inc ltd llc gmbh ag sa sas sarl sl srl bv nv plc corp corporation company co group holdings limited
    bank university hospital department office ministry labs lab fintech mobility materials cloudworks
    logistics foods systems solutions technologies technology partners consulting capital industries
    software analytics health healthcare energy media networks network ventures robotics dynamics insurance
    airlines motors pharma studios games digital foundation institute association agency enterprises
    international global trading retail freight shipping audio security financial
    road avenue drive close court place boulevard terrace crescent square highway parkway straße
    strasse weg allee platz gasse damm ufer rue chemin allée calle avenida plaza paseo camino carrer via
    viale piazza corso
    the a an of and or for to in on at by with
    """.split()  # noqa: SIM905 - a word list reads better as text
)

#: Endings of class and component names that NER mistakes for surnames ("Person Service", "Johnson Filter").
CODE_SUFFIXES = frozenset(
    """
    service parser filter exception error handler controller factory manager client server impl util utils
    helper provider repository repo test tests spec config builder adapter listener validator serializer
    mapper dto dao bean module component interface wrapper loader runner worker job queue bot
    """.split()  # noqa: SIM905
)

#: Words that open or close a letter around a name: NER spans sometimes include them ("Hi Priya").
FRAME_WORDS = frozenset(
    """
    hi hello hey dear thanks thank regards cheers best kind warm greetings morning afternoon evening
    hallo liebe lieber gruß grüße grüsse danke bonjour salut merci cordialement hola saludos gracias
    atentamente estimado estimada un saludo ciao buongiorno buonasera salve gentile gentilissimo
    gentilissima egregio egregia caro cara saluti grazie beste goedemorgen goedemiddag groet groeten
    groetjes bedankt dank olá ola prezado prezada caríssimo cumprimentos atenciosamente obrigado obrigada
    abraço abraços beijos hoi oi goedenavond lieve moin servus
    """.split()  # noqa: SIM905
)

#: Template and textbook names: leaking them leaks no one.
PLACEHOLDER_NAMES = frozenset(
    {
        "john doe", "jane doe", "john q public", "max mustermann", "erika mustermann", "your name",
        "first last", "firstname lastname", "first name", "last name", "full name", "name surname",
        "vorname nachname", "nom prénom", "prénom nom", "nombre apellido", "test user", "foo bar",
        "lorem ipsum",
    }
)  # fmt: skip

#: Keys (JSON, YAML, CSV columns, form labels) whose value names a person. A space in a key matches
#: nothing, `_`, `-`, `.` or a space, so `first name` covers first_name and firstName.
#: Specific keys may hold a single word ("first_name": "Ana").
SPECIFIC_KEYS = (
    "first name", "firstname", "given name", "forename", "middle name", "last name", "lastname", "surname",
    "family name", "maiden name", "assignee", "assigned to", "reporter", "reported by", "requester",
    "requested by", "employee", "employee name", "contact name", "contact person", "manager", "approver",
    "approved by", "created by", "patient name", "owner", "reviewer", "interviewer", "interviewee",
    "candidate", "applicant", "handled by", "prepared by", "submitted by", "signed by", "account name",
    "vorname", "nachname", "familienname", "mitarbeiter", "mitarbeiterin", "ansprechpartner",
    "ansprechpartnerin", "bearbeiter", "bearbeiterin", "sachbearbeiter", "sachbearbeiterin",
    "kontoinhaber", "kontoinhaberin", "prénom", "prenom", "nom", "nom de famille", "salarié", "salariée",
    "nouveau salarié", "nouvelle salariée", "employé", "employée", "titulaire", "interlocuteur",
    "nombre", "apellido", "apellidos", "cognome", "empleado", "empleada", "solicitante", "paciente",
    "given names", "givenname", "familyname", "sn", "speaker", "referente",
    "dipendente", "richiedente", "assegnatario", "voornaam", "achternaam", "roepnaam", "werknemer",
    "medewerker", "klant", "patiënt", "nome próprio", "apelido", "funcionário", "funcionária",
    "paziente", "patientin", "trabajador", "trabajadora", "traveller", "traveler", "passenger", "passeggero",
    "pasajero", "voyageur", "passager", "passagère", "passagier", "passageiro", "passageira", "medico",
    "médico", "médecin", "arzt", "ärztin", "cognome e nome",
    "nome e cognome", "nom et prénom", "apellidos y nombre", "nombre y apellidos", "name, vorname",
    "surname and given names", "given names and surname", "intestatario", "intestataria",
    "insured", "policyholder", "policy holder", "assicurato", "assicurata", "contraente",
    "versicherungsnehmer", "versicherungsnehmerin", "versicherte", "versicherter", "asegurado", "asegurada",
    "tomador", "tomadora", "segurado", "segurada", "assuré", "assurée", "verzekerde", "emergency contact",
    "next of kin", "notfallkontakt", "witness", "zeuge", "zeugin", "témoin", "testigo", "testimone",
    "getuige", "testemunha", "injured person", "geschädigter", "geschädigte", "lesionado", "infortunato",
    "mieter", "mieterin", "locataire", "inquilino", "inquilina", "huurder", "arrendatário", "vermieter",
    "vermieterin", "bailleur", "arrendador", "locatore", "verhuurder", "senhorio", "schuldner", "débiteur",
    "deudor", "debitore", "devedor", "student name", "schüler", "schülerin", "élève", "alumno", "alumna",
    "alunno", "alunna", "aluno", "leerling", "child name", "child's name", "enfant", "nom de l'enfant",
    "nome do aluno", "nome del bambino", "erziehungsberechtigter", "titular da conta", "rekeninghouder",
    "correntista", "claimant", "antragsteller", "antragstellerin", "demandeur", "demandeuse", "reclamante",
    "segnalato da", "segnalata da", "richiesto da", "richiesta da", "aperto da", "creato da", "assegnato a",
    "reportado por", "solicitado por", "creado por", "asignado a", "signalé par", "créé par", "assigné à",
    "gemeldet von", "erstellt von", "gemeld door", "aangemaakt door", "toegewezen aan", "aberto por",
    "criado por", "atribuído a", "relatado por",
    # the given names and surnames of forms and registers
    "first names", "forenames", "last names", "surnames", "vornamen", "rufname", "geburtsname", "prénoms",
    "nom de naissance", "nom d'usage", "nom de jeune fille", "primer apellido", "segundo apellido",
    "sobrenome", "apelidos", "primeiro nome", "voornamen", "geslachtsnaam",
    # children, pupils and their parents and guardians (school, daycare and club forms)
    "alumno/a", "alumna/o", "alunno/a", "aluno/a", "schüler/in", "niño", "niña", "niño/a", "bambino",
    "bambina", "bambino/a", "criança", "nome da criança", "nombre del niño", "nombre del niño/a",
    "nombre del alumno", "name des kindes", "naam kind", "naam van het kind", "name of child",
    "prénom de l'enfant", "parent 1", "parent 2", "elternteil", "elternteil 1", "elternteil 2",
    "ouder 1", "ouder 2", "ouder/verzorger", "genitore", "genitore 1", "genitore 2", "mother", "father",
    "mutter", "vater", "mère", "père", "madre", "padre", "mãe", "pai", "moeder", "vader", "legal guardian",
    "encarregado de educação", "encarregada de educação", "responsável legal", "tutore", "tutrice",
    "tutor legal", "représentant légal", "responsable légal", "erziehungsberechtigte", "sorgeberechtigter",
    "sorgeberechtigte", "voogd", "verzorger",
    # whom to call: emergency contacts and contact persons
    "emergency contact name", "contact urgence", "contact d'urgence", "personne à prévenir",
    "personne à contacter", "personne de contact", "contacto de emergencia", "persona de contacto",
    "contatto di emergenza", "contatto d'emergenza", "persona di contatto", "contacto de emergência",
    "contato de emergência", "pessoa de contacto", "pessoa de contato", "noodcontact", "contactpersoon",
    "kontaktperson", "ansprechperson", "notfallkontakt name",
    # who called, reported or is named in an incident (helpdesk tickets, police reports)
    "anrufer", "anruferin", "appelant", "appelante", "chiamante", "llamante", "melder", "melderin",
    "aanmelder", "meldende", "déclarant", "déclarante", "segnalante", "denunciante", "aangever",
    "requerente", "suspect", "verdachte", "verdächtiger", "verdächtige", "tatverdächtiger", "beschuldigter",
    "beschuldigte", "sospechoso", "sospechosa", "sospettato", "sospettata", "suspeito", "suspeita", "victim",
    "opfer", "victime", "víctima", "vittima", "slachtoffer", "vítima",
    # the name printed on a payment card
    "name on card", "name on the card", "nome no cartão", "nom sur la carte", "nombre en la tarjeta",
    "nome sulla carta", "naam op kaart", "naam op de kaart", "name auf der karte", "titular do cartão",
    "titular de la tarjeta", "titolare della carta", "titulaire de la carte", "karteninhaber",
    "karteninhaberin", "kaarthouder",
)  # fmt: skip
#: Generic keys also name services and products ("name": "Order Service"), so they need two name words.
GENERIC_KEYS = (
    "name", "full name", "display name", "customer", "customer name", "client", "client name", "contact",
    "author", "patient", "account holder", "cardholder", "cardholder name", "holder name",
    "recipient", "sender", "beneficiary", "user full name", "kunde", "kundenname", "kundin", "nom complet",
    "nombre completo", "cliente", "contacto", "titular", "nm", "nome", "nominativo", "cn", "naam",
    "volledige naam", "nome completo",
    "dbtr nm", "cdtr nm", "caller", "opened by", "affected user", "requested for", "end user", "tenant",
    "landlord", "debtor", "beneficiario", "beneficiaria", "bénéficiaire", "begünstigter", "beneficiário",
    "begunstigde", "destinatário", "destinataria", "destinatario", "geadresseerde", "empfänger",
    "empfängerin", "guardian", "tuteur", "tutor", "utente", "utilizador", "conduttore", "pupil",
    # also words of code and config (CODE_WORD_KEYS)
    "child", "kind", "parent", "student", "parent/guardian", "parent or guardian",
    # members of an insurance, a club or a scheme: "Member: Megan Pemberton   Member ID: W828469087"
    "member", "member name", "mitglied", "membre", "miembro", "membro", "associado", "associada",
    # who signed: "Signature: Dr. Anna Berg" ("Firma" is also a German company, so it is left out)
    "signature", "signed", "unterschrift", "unterschrieben", "signé", "assinatura", "handtekening",
)  # fmt: skip
#: Person keys that are also words of code, config and forms ("kind: Service", "parent: Root Element",
#: "Signature: Valid"): their value is a name only without an ordinary word in it.
CODE_WORD_KEYS = ("child", "kind", "parent", "student", "signature", "signed", "unterschrift", "signé")
#: Parts of a name that say so only beside each other: a table's `first | last` columns, XML's `<given>`
#: and `<family>` elements. Alone, "first", "last", "given" and "family" are ordinary words.
NAME_PART_PAIRS = (("first", "last"), ("given", "family"))
#: Table columns of the person a device, an account or a seat belongs to, or who is on call in a rota.
#: Such a column also holds logins, service accounts and servers ("root", "svc-backup", "dns2"), so only a
#: known first name or a full name counts.
USER_COLUMN_KEYS = (
    "user", "username", "user name", "used by", "assigned user", "gebruiker", "gebruikersnaam",
    "gebruikt door", "benutzer", "nutzer", "benutzt von", "utilisateur", "utilisatrice", "utilisé par",
    "usuario", "usuaria", "usado por", "utilizzato da", "utilizador", "usuário", "usuária",
    # who is on call or stands in, in a rota
    "primary", "backup", "secondary", "on call", "on-call", "oncall", "stand-in", "deputy", "cover",
    "bereitschaft", "vertretung", "stellvertretung", "astreinte", "suppléant", "suppléante", "remplaçant",
    "remplaçante", "guardia", "de guardia", "suplente", "reperibile", "reperibilità", "sostituto",
    "sostituta", "vervanger", "vervangster", "piket", "substituto", "substituta", "plantão",
)  # fmt: skip
#: Nouns that introduce a person's full name in prose: "Customer Tremaine Washington reports ...",
#: "Kunde Lukas Weber aus Bremen", "el cliente Carmen Domínguez".
ROLE_NOUNS = (
    "customer", "client", "seller", "buyer", "employee", "colleague", "patient", "contractor", "applicant",
    "candidate", "tenant", "guest", "kunde", "kundin", "mitarbeiter", "mitarbeiterin", "kollege", "kollegin",
    "patientin", "le client", "la cliente", "le salarié", "la salariée", "collègue", "el cliente",
    "la clienta", "el empleado", "la empleada", "compañero", "compañera", "paciente", "utente", "o utente",
    "a utente", "il paziente", "la paziente", "il cliente", "la cliente", "il dipendente", "la dipendente",
    "o cliente", "a cliente", "o funcionário", "a funcionária", "de klant", "de patiënt", "de medewerker",
    # the parties to a lease or a sale: "Vermieter Leonie Castellví vermietet ...", "le bailleur Jean Roux"
    "landlord", "landlady", "lessor", "lessee", "vermieter", "vermieterin", "mieter", "mieterin", "verkäufer",
    "verkäuferin", "käufer", "käuferin", "le bailleur", "la bailleresse", "le locataire", "la locataire",
    "le vendeur", "la venderesse", "l'acquéreur", "el arrendador", "la arrendadora", "el arrendatario",
    "la arrendataria", "el inquilino", "la inquilina", "el vendedor", "la vendedora", "el comprador",
    "la compradora", "il locatore", "la locatrice", "il conduttore", "la conduttrice", "il venditore",
    "la venditrice", "l'acquirente", "de verhuurder", "de huurder", "de verkoper", "o senhorio", "a senhoria",
    "o inquilino", "a inquilina", "o vendedor", "a vendedora", "o comprador", "a compradora",
)  # fmt: skip
#: Other columns that say a table holds people, so its generic `name` column holds their names
#: (a `name` column next to `sku` and `price` holds products).
PERSON_TABLE_HINTS = (
    "email", "e-mail", "mail", "phone", "mobile", "tel", "telephone", "address", "street", "dob", "birth",
    "birthday", "gender", "salary", "department", "team", "role", "title", "position", "office", "manager",
    "iban", "ssn", "nino", "emp", "employee", "customer", "user", "users", "people", "persons", "person",
    "contacts",
    "contact", "patients", "patient", "staff", "members", "member", "clients", "client", "customers",
    "employees", "accounts", "signup", "hired", "joined", "nationality", "telefon", "adresse", "geburtsdatum",
    "abteilung", "courriel", "téléphone", "correo", "teléfono", "dirección",
    "clientes", "cliente", "empleados", "usuarios", "pacientes", "kunden", "mitarbeiter", "benutzer",
    "personen", "patienten", "clienti", "dipendenti", "utenti", "pazienti", "persone", "utilisateurs",
    "salariés", "employés", "personnes", "contatti", "contactos", "cognome", "apellido", "nachname",
    "indirizzo", "anschrift", "geburtstag", "fecha_nacimiento", "naissance", "nascita",
    "nacimiento", "nascimento", "geburtsdatum", "geboortedatum", "telefono", "telefone", "telefoon",
    "correo", "morada", "adres", "direccion", "dirección", "endereco", "endereço",
)  # fmt: skip
_TABLE_HINT_PARTS = frozenset(PERSON_TABLE_HINTS)
#: Phrases a full name follows in prose, as a person introduces themselves or is introduced: "soy Lucía
#: Navarro", "intestata a Chiara Rinaldi", "spoke with Kwame Mensah", "übernimmt Tobias Brandt".
INTRO_PHRASES = (
    "my name is", "spoke with", "spoken to", "speaking with", "soy", "me llamo", "je m'appelle",
    "je suis", "mi chiamo", "ich heiße", "ich bin", "intestata a", "intestato a", "a favore di",
    "übernimmt", "vertreten durch", "au nom de", "en nombre de", "a nome di",
)  # fmt: skip


def names_people(headers: list[str]) -> bool:
    """True when some header (or a part of it: `work_email`, `users_2024`) says the table is about people."""
    parts = (part for h in headers for part in re.split(r"[^\w-]+|_", h.lower()))
    return any(part in _TABLE_HINT_PARTS for part in parts)


#: Person keys that name anything: a table needs other evidence that it is about people.
AMBIGUOUS_KEYS = frozenset({"name", "displayname", "nom", "nombre", "nome", "naam"})


#: Keys whose value lists people: "Attendees: Maria Keller, John Smith and Priya".
LIST_KEYS = (
    "attendees", "participants", "invitees", "present", "members", "team members", "teilnehmer",
    "teilnehmende", "teilnehmerinnen", "anwesend", "participantes", "asistentes", "présents",
    "presenti", "partecipanti", "assenti", "anwesende", "abwesend", "entschuldigt", "invités", "absents",
    "excusés", "ausentes", "presentes", "apologies", "absent",
)  # fmt: skip
#: The same roles written as prose: "approved by Elif Gallagher", "pris en charge par Léa Leroy".
ROLE_PHRASES = (
    "approved by", "reported by", "requested by", "created by", "assigned to", "escalated to", "handled by",
    "prepared by", "submitted by", "reviewed by", "signed by", "owned by", "managed by", "on behalf of",
    "pris en charge par", "escaladé à", "escaladé vers", "transmis à", "à l'attention de",
    "escalado a", "asignado a", "a nombre de", "a la atención de",
    "bearbeitet von", "genehmigt von", "zugewiesen an", "eskaliert an", "im auftrag von", "zu händen von",
)  # fmt: skip

_KEY_SEPARATORS = re.compile(r"[ _.\-]")


def normalized_key(key: str) -> str:
    return _KEY_SEPARATORS.sub("", key.strip().strip("\"'`")).lower()


_MIN_WORDS = {normalized_key(k): 2 for k in GENERIC_KEYS} | {normalized_key(k): 1 for k in SPECIFIC_KEYS}
_LIST_KEYS = frozenset(normalized_key(k) for k in LIST_KEYS)


#: The last word of every person key, normalized: a cheap first test before trying longer keys.
KEY_LAST_WORDS = frozenset(
    normalized_key(part)
    for key in SPECIFIC_KEYS + GENERIC_KEYS + LIST_KEYS
    for part in (key, key.split()[-1])
)


def person_key_min_words(key: str) -> int | None:
    """How many name words the value of a person key needs; None when the key does not name a person."""
    return _MIN_WORDS.get(normalized_key(key))


def is_list_key(key: str) -> bool:
    return normalized_key(key) in _LIST_KEYS


@cache
def person_key_regex() -> str:
    """A lowercase regex matching every person key in any of its spellings (built once: several
    recognizers embed it)."""
    return trie_regex(SPECIFIC_KEYS + GENERIC_KEYS, space=r"[ _.\-]?")


def trie_regex(words: tuple[str, ...] | list[str], space: str = " ") -> str:
    """An alternation of `words` as a trie, one branch per shared prefix: the regex engine then tries a
    handful of alternatives at each position instead of every word. A space in a word becomes `space`."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_regex(trie, space)


def _trie_regex(node: dict[str, dict], space: str) -> str:
    branches = [
        (space if ch == " " else re.escape(ch)) + _trie_regex(sub, space)
        for ch, sub in sorted(node.items())
        if ch
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        return f"(?:{body})?"
    return body


def name_words(value: str) -> list[str]:
    return _NAME_WORDS.findall(value)


@lru_cache(maxsize=16_384)  # asked of every name-shaped candidate, by several recognizers and the filters
def looks_like_name(value: str, min_words: int = 1) -> bool:
    """True for "Ana Souza", "Müller", "Jean-Luc van der Berg"; false for identifiers, teams and templates."""
    value = value.strip()
    last, comma, first = value.partition(", ")
    if comma and "," not in first:  # "Keller, Maria" as directories and exports write it
        words = len(name_words(value))
        return (
            min_words <= words <= 4
            and (looks_like_name(last) or looks_like_caps_surname(last))
            and looks_like_name(first)
        )
    if not value or len(value) > 80 or not NAME_RE.fullmatch(value):
        return False
    words = name_words(value)
    if not min_words <= len(words) <= 4:
        return False
    if value.lower() in PLACEHOLDER_NAMES:
        return False
    parts = [part.lower() for w in words for part in re.split(r"[-'’]", w) if part]
    return not any(p in NOT_NAME_WORDS or p in CODE_SUFFIXES for p in parts)


# --- what is not a name: common words, products, imperatives ------------------------------------

_DATA = Path(__file__).parent / "data"


def _data_lines(name: str) -> frozenset[str]:
    lines = (line.strip().lower() for line in (_DATA / name).read_text(encoding="utf-8").splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


#: Products, projects and vendors NER takes for people or places ("Django", "Sapphire Rapids").
TECH_TERMS = _data_lines("tech_terms.txt")
#: Names that are also common words ("Mark", "Will", "Grace", "Baker", "Rosa"): the common-word veto keeps
#: them, and tests/engine/build_names.py keeps them in the name lists.
WORDLIKE_NAMES = frozenset(
    """
    abbey amber angel april art august autumn baker banks bell bill bishop black bob bond brown bush carol
    carter cash chance chase chip christian clay cook cooper cross crystal dale dash dawn day dean destiny
    dolly duke earl faith fisher ford fox frank gene gray green grey guy hall harmony hazel heather hill
    holly hope hunter iris ivy jack jade jay joy june king knight lane lee long love mark marsh mason matt
    max may melody miles miller moore nash nick olive page palmer park parker pat patience pearl penny
    pepper porter price ray reed rich river robin rose ruby rusty sage sandy scott shaw sky stone summer
    taylor ted thomas turner victor violet wade walker ward webb wells west white will wood wright young
    angela bianca carmen chiara dolores felix fortune franco gloria leon luz mercedes paz pilar rosa rosario
    sol soledad stella vera benedict constance ernest florence grace prudence verity kumar
    """.split()  # noqa: SIM905
)


@cache
def _given_names() -> frozenset[str]:
    return _data_lines("given_names.txt")


@cache
def _surnames() -> frozenset[str]:
    return _data_lines("surnames.txt")


_NAME_PARTS = re.compile(r"[-'’ ]+")
# A prefix that makes a family name of what follows: "McCarthy", "MacLeod", "O'Hara", "D'Angelo" (a capital
# after it: "Machine" and "Macbook" are words), "Ó Briain", "van Dijk", "El-Amin".
_SURNAME_PREFIX = re.compile(
    rf"^(?:Mc|Mac|[OD]['’])(?=[{UPPER}])"
    r"|^(?i:ó |ní |nic |mac |van |de |di |da |del |della |le |la |al[- ]|el[- ]|ben )"
)


def is_given_name(token: str) -> bool:
    """True for a first name some locale gives ("Priya", "Iñaki", "Jean-Luc", "NGOZI"); a hyphenated one
    needs every part known. Built from Faker by tests/engine/build_names.py; ordinary words are left out."""
    low = token.strip().lower()
    if not low:
        return False
    names = _given_names()
    if low in names:
        return True
    parts = [p for p in _NAME_PARTS.split(low) if p]
    return len(parts) > 1 and all(p in names for p in parts)


def is_surname(token: str) -> bool:
    """True for a known family name ("Okonkwo", "García", "O'Brien", "McCarthy", "Müller-Lüdenscheidt"
    when one part is known)."""
    low = token.strip().lower()
    if not low:
        return False
    names = _surnames()
    if low in names:
        return True
    bare = _SURNAME_PREFIX.sub("", token.strip())
    if bare != token.strip() and len(bare) > 2:
        return True  # "McAllister", "O'Hara", "Ó Briain", "van Dijk": the prefix says it
    return any(p in names for p in _NAME_PARTS.split(low) if len(p) > 2)


def is_known_name(token: str) -> bool:
    """A first name or a surname."""
    return is_given_name(token) or is_surname(token)


#: Countries, regions and cities the NER model takes for people.
PLACES = _data_lines("places.txt")


def is_known_place(value: str) -> bool:
    return " ".join(value.lower().split()) in PLACES


#: The first word of a prompt or an instruction, which NER often takes for a name ("Summarise the
#: thread", "Map these columns", "Übersetze bitte", "Riassumi").
IMPERATIVES = frozenset(
    """
    summarise summarize convert map translate rewrite explain write draft list extract format generate
    create fix refactor review check compare analyse analyze classify parse sort group merge clean
    normalise normalize anonymise anonymize pseudonymise pseudonymize redact mask validate debug optimise
    optimize find give tell show make turn help describe suggest improve shorten simplify proofread
    correct reformat split count calculate compute plot draw outline categorise categorize tag label
    identify highlight flag detect remove replace add update insert delete build design implement port
    migrate transform reply respond answer prepare compose polish edit paraphrase condense expand
    elaborate evaluate assess rank rate match dedupe deduplicate flatten pivot transpose export import
    load read use act pretend imagine consider assume ignore keep return output print provide produce
    summarise tidy fill complete continue finish take send forward schedule plan brainstorm recommend
    fasse übersetze schreibe erstelle konvertiere korrigiere prüfe formuliere erkläre liste
    résume résumez traduis traduisez écris écrivez convertis convertissez corrige corrigez rédige
    rédigez explique expliquez liste listez reformule reformulez
    resume resumir traduce traducir escribe escribir convierte corrige redacta explica enumera
    riassumi traduci scrivi converti correggi spiega elenca riformula
    scrivici scrivimi contattaci contattami chiamaci chiamami mandami inviaci escríbenos escríbeme contáctanos
    llámanos mándanos écrivez-nous contactez-nous appelez-nous escreva-nos contacte-nos ligue-nos mail bel
    überarbeite überarbeiten vereinfache analysiere vergleiche entwirf entwerfe plane mache gib zeige
    finde ergänze kürze strukturiere sortiere extrahiere generiere bewerte beantworte
    simplifie simplifiez analyse analysez crée créez génère générez prépare préparez vérifie vérifiez
    propose proposez compare comparez extrais extrayez transforme transformez ajoute ajoutez raccourcis
    améliore améliorez structure trie classe donne donnez fais faites
    simplifica analiza revisa crea genera prepara mejora comprueba verifica sugiere propón compara
    extrae ordena añade elimina describe calcula reescribe resume resúmeme traduceme tradúceme dame haz
    apunta anota apúntame anótame agenda guarda busca pon
    semplifica sintetizza analizza rivedi crea genera prepara trasforma migliora controlla verifica
    suggerisci proponi confronta estrai ordina rendi aggiungi rimuovi descrivi calcola riscrivi
    accorcia dammi fai correggimi traducimi compila completa
    resuma traduza escreva converta corrija explique liste reescreva simplifique crie gere prepare
    analise revise verifique sugira compare extraia organize formate faça resume traduz escreve
    converte corrige explica lista reescreve cria gera analisa organiza dá-me dê
    vat vertaal schrijf herschrijf maak zet corrigeer leg controleer geef analyseer vereenvoudig
    verbeter beantwoord stel vergelijk sorteer ordene
    """.split()  # noqa: SIM905
)

#: Function words of each language, to tell which language a stretch of text is in.
FUNCTION_WORDS = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": "the and to of is are was for you with that this it on be have please can will we i",
        "de": "der die das und ist nicht ich sie wir mit für den dem ein eine auf zu bitte sind wird",
        "fr": "le les et est pas je vous nous avec pour une du au sur que qui merci bien",
        "es": "el los las y es yo usted con para una por que del al muy gracias",
        "it": "il lo gli e è non per una con che della sono grazie anche come",
    }.items()
}
_LOWER_WORD = re.compile(r"[a-zà-ÿ]+")
_LANGUAGES_OF: dict[str, tuple[str, ...]] = {}
for _lang, _vocab in FUNCTION_WORDS.items():
    for _word in _vocab:
        _LANGUAGES_OF[_word] = (*_LANGUAGES_OF.get(_word, ()), _lang)


def text_language(text: str) -> str | None:
    """The language (en, de, fr, es, it) whose function words are most frequent in `text`; None when
    none occurs. Ties go to English, the model's own language."""
    counts = dict.fromkeys(FUNCTION_WORDS, 0)
    for word in _LOWER_WORD.findall(text.lower()):
        for lang in _LANGUAGES_OF.get(word, ()):
            counts[lang] += 1
    best = max(counts, key=lambda lang: (counts[lang], lang == "en"))
    return best if counts[best] else None


#: Ordinary words (tests/engine/build_common_words.py writes the file from wordfreq): a word this
#: frequent in one language (Zipf scale: 3 is once per million words; below 3.5 English holds many
#: surnames: "Patel", "Sharma") and clearly less frequent in the others is an ordinary word there.
#: Names and cities are frequent everywhere ("John", "Paris"); "Termin", "Courriel", "Convert" and
#: "Buongiorno" are not. Kept as a file since importing wordfreq costs a scan 0.2 s and 20 MB.
COMMON_ZIPF = 3.5
SPECIFIC_MARGIN = 0.8
#: Ten times per million words: frequent enough that a capitalised one is rarely a name.
FREQUENT_ZIPF = 4.0


@cache
def _common_words() -> tuple[dict[str, dict[str, float]], frozenset[str], frozenset[str]]:
    """(language -> ordinary word -> Zipf frequency, frequent English words, other known English words),
    read on first use."""
    common: dict[str, dict[str, float]] = {lang: {} for lang in FUNCTION_WORDS}
    frequent_english: set[str] = set()
    known_english: list[str] = []
    # One line per language and frequency: the words go in whole, not one line each (40 ms of a cold host).
    for line in (_DATA / "common_words.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        lang, zipf, listed = line.split("\t")
        words = listed.split(" ")
        if lang == "en+":
            frequent_english.update(words)
            continue
        if lang == "en~":
            known_english.extend(words)
            continue
        common[lang].update(dict.fromkeys(words, int(zipf) / 10))
        if lang == "en" and int(zipf) >= FREQUENT_ZIPF * 10:
            frequent_english.update(words)
    return common, frozenset(frequent_english), frozenset(known_english)


def _listed_name(low: str) -> bool:
    """A lowercased word some name list holds: never an ordinary word for the common-word vetoes."""
    return low in WORDLIKE_NAMES or low in _given_names() or low in _surnames()


def common_word_zipf(word: str, lang: str) -> float:
    """The Zipf frequency of an ordinary word of `lang` that is not also a name (WORDLIKE_NAMES, the name
    lists); 0.0 for anything else."""
    low = word.lower()
    # A name is frequent in its own language because it is a name ("Giuseppe", "Álvaro", "García"); the
    # name lists leave out the ordinary words that are also names, unless overwhelmingly names.
    if _listed_name(low):
        return 0.0
    return _common_words()[0][lang].get(low, 0.0)


def is_common_word(word: str, lang: str) -> bool:
    """True for an ordinary word of `lang` that is not also a name ("Map", "Termin", "Courriel")."""
    return common_word_zipf(word, lang) > 0.0


def is_frequent_english(word: str) -> bool:
    return word.lower() in _common_words()[1]


def is_english_word(word: str) -> bool:
    """An English word seen at least once per million words ("Supplier", "Voicemail", "Keynotes") that no
    name list holds: a lone capitalised one is rarely someone's name."""
    low = word.lower()
    if _listed_name(low):
        return False
    words = _common_words()
    return low in words[2] or low in words[1] or low in words[0]["en"]


def has_common_word(value: str, lang: str = "en") -> bool:
    """True when a word of `value` is a frequent ordinary word of `lang` ("Daily Standup", "Welcome
    Coffee"); the bar is higher than `is_common_word`'s since many names are English-specific too
    ("Raj", "Tremaine")."""
    return any(common_word_zipf(w, lang) >= FREQUENT_ZIPF for w in value.split())


def leading_ordinary_words(value: str, lang: str) -> int:
    """How many characters of ordinary words of `lang` open `value` ("Bitte " in "Bitte Herrn Schulz");
    the last word is kept."""
    skipped = 0
    words = value.split(" ")
    for word in words[:-1]:
        if not word or common_word_zipf(word, lang) < FREQUENT_ZIPF:
            break
        skipped += len(word) + 1
    return skipped


def is_common_anywhere(word: str) -> bool:
    """An ordinary word of any of the languages served (en, de, fr, es, it)."""
    return any(is_common_word(word, lang) for lang in FUNCTION_WORDS)


def is_ordinary_word(word: str) -> bool:
    """True for a label, a product, or an ordinary word of any of en/de/fr/es/it that is not also a name:
    a capitalised word that is none of these may be a name nobody listed ("Xochitl", "Tchaka")."""
    return word.lower() in NOT_NAME_WORDS or is_tech_term(word) or is_common_anywhere(word)


def is_tech_term(value: str) -> bool:
    return " ".join(value.lower().split()) in TECH_TERMS


def only_common_words(value: str) -> bool:
    """True for a phrase of ordinary English words, acronyms and products ("Invalid JWT Signature",
    "Welcome Coffee", "Sapphire Rapids") with no first name among them. English only: in its own
    language a surname is often a frequent word too ("García", "Rossi")."""
    words = value.split()
    if not words or any(w.lower() in WORDLIKE_NAMES for w in words):
        return False
    marked = [
        (w.isupper() and len(w) > 1) or w.lower() in TECH_TERMS or is_common_word(w, "en") for w in words
    ]
    # Beside one such word, other frequent English words count too ("Invalid JWT Signature"); a name is
    # rarely all frequent words without a first name among them.
    frequent = [m or is_frequent_english(w) for m, w in zip(marked, words, strict=True)]
    return any(marked) and all(frequent)
