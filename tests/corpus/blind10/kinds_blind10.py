"""Kind definitions for blind10 (imported by build_blind10.py)."""

# field library: key -> (labels per language, marker; {r} is replaced by the row tag)
FIELDS = {
    "name": ({"en": "full_name", "es": "nombre", "it": "nominativo", "de": "name"}, "⟦PER.full@{r}⟧"),
    "first": ({"en": "first_name", "es": "nombre", "it": "nome", "de": "vorname"}, "⟦PER.first@{r}⟧"),
    "last": ({"en": "last_name", "es": "apellidos", "it": "cognome", "de": "nachname"}, "⟦PER.last@{r}⟧"),
    "email": ({"en": "email", "es": "correo", "it": "email", "de": "e_mail"}, "⟦EMAIL.mail@{r}⟧"),
    "phone": ({"en": "phone", "es": "telefono", "it": "cellulare", "de": "telefon"}, "⟦PHONE.phone⟧"),
    "dob": ({"en": "dob", "es": "fecha_nacimiento", "it": "data_nascita", "de": "geburtsdatum"}, "⟦DOB.dob⟧"),
    "addr": ({"en": "address", "es": "direccion", "it": "indirizzo", "de": "anschrift"}, "⟦LOC.addr1⟧"),
    "town": ({"en": "city", "es": "localidad", "it": "comune", "de": "wohnort"}, "⟦LOC.town⟧"),
    "iban": ({"en": "iban", "es": "iban", "it": "iban", "de": "iban"}, "⟦IBAN.iban⟧"),
    "card": ({"en": "card_number", "es": "tarjeta", "it": "carta", "de": "kartennummer"}, "⟦CC.card⟧"),
    "nid": ({"en": "ssn", "es": "dni", "it": "codice_fiscale", "de": "steuer_id"}, None),
    "cond": ({"en": "diagnosis", "es": "diagnostico", "it": "diagnosi", "de": "diagnose"}, "⟦COND.cond⟧"),
    "med": ({"en": "medication", "es": "medicacion", "it": "farmaco", "de": "medikament"}, "⟦MED.med⟧"),
    "mrn": ({"en": "mrn", "es": "n_historia", "it": "n_cartella", "de": "fallnummer"}, "⟦MRN.mrn⟧"),
    "ip": ({"en": "client_ip", "es": "ip_origen", "it": "ip_client", "de": "quell_ip"}, "⟦IP.ip⟧"),
    "mac": ({"en": "mac", "es": "mac", "it": "mac", "de": "mac"}, "⟦MAC.mac⟧"),
    "pwd": ({"en": "temp_password", "es": "clave_temporal", "it": "password_provvisoria", "de": "initialpasswort"}, "⟦PWD.pwd⟧"),
    # unlabelled
    "order": ({"en": "order_id", "es": "pedido", "it": "ordine", "de": "bestellnr"}, "⟦_.order⟧"),
    "amount": ({"en": "amount", "es": "importe", "it": "importo", "de": "betrag"}, "⟦_.amount⟧"),
    "date": ({"en": "created", "es": "fecha", "it": "data", "de": "datum"}, "⟦_.date⟧"),
    "uuid": ({"en": "id", "es": "id", "it": "id", "de": "id"}, "⟦_.uuid⟧"),
    "sha": ({"en": "checksum", "es": "hash", "it": "hash", "de": "pruefsumme"}, "⟦_.sha⟧"),
    "ticket": ({"en": "ticket", "es": "incidencia", "it": "ticket", "de": "ticket"}, "⟦_.ticket⟧"),
    "track": ({"en": "tracking", "es": "seguimiento", "it": "tracking", "de": "sendungsnr"}, "⟦_.track⟧"),
    "exmail": ({"en": "email", "es": "correo", "it": "email", "de": "e_mail"}, "⟦_.exmail⟧"),
    "mask": ({"en": "card", "es": "tarjeta", "it": "carta", "de": "karte"}, "⟦_.maskcard⟧"),
    "privip": ({"en": "host_ip", "es": "ip", "it": "ip", "de": "ip"}, "⟦_.privip⟧"),
    "city": ({"en": "warehouse", "es": "almacen", "it": "magazzino", "de": "lager"}, "⟦_.city⟧"),
    "vat": ({"en": "vat_id", "es": "cif", "it": "partita_iva", "de": "ust_id"}, "⟦_.vat⟧"),
    "ver": ({"en": "version", "es": "version", "it": "versione", "de": "version"}, "⟦_.ver⟧"),
    "qty": ({"en": "qty", "es": "cantidad", "it": "qta", "de": "menge"}, "⟦_.n⟧"),
    "brand": ({"en": "brand", "es": "marca", "it": "marca", "de": "marke"}, "⟦_.brand⟧"),
}
NID = {"en": "⟦NID.ssn⟧", "es": "⟦NID.dni⟧", "it": "⟦NID.cf⟧", "de": "⟦NID.steuer⟧"}


def cell(key, lang, r):
    lab, mk = FIELDS[key]
    if mk is None:
        mk = NID[lang]
    return lab[lang], mk.replace("{r}", r)


def rec_tpl(fmt, keys, lang, rows):
    cols = [[cell(k, lang, "r%d" % i) for k in keys] for i in range(rows)]
    heads = [c[0] for c in cols[0]]
    if fmt in ("csv", "tsv", "pipe"):
        sep = {"csv": ",", "tsv": "\t", "pipe": "|"}[fmt]
        lines = [sep.join(heads)]
        for row in cols:
            vals = []
            for (h, v) in row:
                vals.append('"%s"' % v if fmt == "csv" and ("addr1" in v or "amount" in v) else v)
            lines.append(sep.join(vals))
        return "\n".join(lines)
    if fmt == "json":
        objs = ["  {" + ", ".join('"%s": "%s"' % (h, v) for h, v in row) + "}" for row in cols]
        return "[\n" + ",\n".join(objs) + "\n]"
    if fmt == "yaml":
        out = []
        for row in cols:
            for j, (h, v) in enumerate(row):
                out.append(("- " if j == 0 else "  ") + "%s: %s" % (h, v))
        return "\n".join(out)
    if fmt == "xml":
        out = ["<records>"]
        for row in cols:
            out.append("  <record>" + "".join("<%s>%s</%s>" % (h, v, h) for h, v in row) + "</record>")
        return "\n".join(out + ["</records>"])
    if fmt == "sql":
        out = ["INSERT INTO t_export (%s) VALUES" % ", ".join(heads)]
        vals = ["  (" + ", ".join("'%s'" % v for h, v in row) + ")" for row in cols]
        return "\n".join(out) + "\n" + ",\n".join(vals) + ";"
    if fmt == "md":
        lines = ["| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
        for row in cols:
            lines.append("| " + " | ".join(v for h, v in row) + " |")
        return "\n".join(lines)
    if fmt == "kv":
        return "\n\n".join("\n".join("%s = %s" % (h, v) for h, v in row) for row in cols)
    raise KeyError(fmt)


STRUCT_POS = [
    ("hr_roster", ["first", "last", "email", "phone", "town"]),
    ("payroll", ["name", "iban", "amount", "nid"]),
    ("patients", ["name", "dob", "mrn", "cond", "med"]),
    ("customers", ["name", "addr", "phone", "order"]),
    ("cards", ["name", "card", "amount", "date"]),
    ("students", ["last", "first", "dob", "email"]),
    ("access_log", ["date", "ip", "mac", "ticket"]),
    ("onboarding", ["name", "email", "pwd", "date"]),
    ("benefits", ["name", "nid", "dob", "addr"]),
    ("sales_leads", ["name", "email", "city", "qty"]),
]
STRUCT_NEG = [
    ("orders", ["order", "amount", "date", "track"]),
    ("inventory", ["uuid", "qty", "city", "brand"]),
    ("builds", ["sha", "ver", "date", "ticket"]),
    ("test_payments", ["order", "mask", "amount", "exmail"]),
    ("suppliers", ["vat", "city", "amount", "date"]),
    ("servers", ["privip", "ver", "uuid", "ticket"]),
]
FMTS = ["csv", "json", "yaml", "xml", "sql", "md", "tsv", "kv", "pipe"]


def register(kind):
    i = 0
    for lang, npos, nneg in (("en", 10, 6), ("es", 5, 3), ("it", 5, 3), ("de", 5, 3)):
        for j in range(npos):
            dom, keys = STRUCT_POS[(j + i) % len(STRUCT_POS)]
            fmt = FMTS[(i * 3 + j) % len(FMTS)]
            kind("%s_%s_%s" % (lang, dom, fmt), lang, False,
                 [rec_tpl(fmt, keys, lang, 2), rec_tpl(fmt, keys, lang, 3)], n=3, code=True)
        for j in range(nneg):
            dom, keys = STRUCT_NEG[(j + i) % len(STRUCT_NEG)]
            fmt = FMTS[(i * 5 + j + 2) % len(FMTS)]
            kind("%s_neg_%s_%s" % (lang, dom, fmt), lang, True,
                 [rec_tpl(fmt, keys, lang, 3), rec_tpl(fmt, keys, lang, 2)], n=3, code=True)
        i += 1
    from kinds_hand_blind10 import register_hand, register_hand2, register_hand3, register_hand4, register_more, register_weak
    register_hand(kind)
    register_hand2(kind)
    register_hand3(kind)
    register_hand4(kind)
    register_more(kind)
    register_weak(kind)
