"""Hand-written kinds for blind10 (imported by kinds_blind10.py)."""

EN_POS = {
    "slack_payroll_fix": ["""
        ⟦PER.lowfirst@a⟧ [9:14 AM]: hey can u update my bank details before friday run
        ⟦PER.lowfirst@a⟧ [9:14 AM]: new iban is ⟦IBAN.iban⟧
        ⟦PER.lowfirst@b⟧ [9:20 AM]: done, will show on next payslip 👍
        """, """
        ⟦PER.first@b⟧: pls swap the acct for ⟦PER.full@a⟧ -> ⟦BANK.sortcode⟧
        ⟦PER.first@a⟧: ty!! old one was closed
        """],
    "teams_transcript_sick": ["""
        00:00:04 ⟦PER.full@a⟧: morning all, quick update before standup
        00:00:11 ⟦PER.full@b⟧: go ahead
        00:00:15 ⟦PER.full@a⟧: ⟦PER.first@c⟧ is off again, her ⟦COND.cond⟧ flared up, gp changed her meds to ⟦MED.med⟧ 50mg
        00:00:31 ⟦PER.full@b⟧: ok, let's keep that between us
        """],
    "mail_thread_signoff": ["""
        From: ⟦PER.full@a⟧ <⟦EMAIL.mail@a⟧>
        Sent: Tuesday 14:02
        Subject: RE: lease renewal

        Hi ⟦PER.first@b⟧,

        Please send the renewal to my new address:
        ⟦LOC.addr@a⟧

        Mobile is ⟦PHONE.phone⟧ if the courier needs it.

        Cheers,
        ⟦PER.first@a⟧
        """],
    "jira_ticket_login": ["""
        [HELPDESK-⟦_.n⟧] Cannot log into VPN
        Reporter: ⟦PER.full@a⟧
        Description: user reset pw to ⟦PWD.pwd⟧ and still gets error 809. Laptop MAC ⟦MAC.mac⟧, home IP ⟦IP.ip⟧.
        Priority: Medium
        """],
    "env_file": ["""
        # .env.production
        NODE_ENV=production
        DATABASE_URL=⟦CONN.conn⟧
        STRIPE_SECRET_KEY=⟦API.stripe⟧
        SESSION_SECRET=⟦SECRET.secret⟧
        LOG_LEVEL=info
        """, """
        OPENAI_API_KEY=⟦API.openai⟧
        REDIS_HOST=⟦_.privip⟧
        JWT_SIGNING_KEY=⟦SECRET.secret⟧
        """],
    "aws_credentials": ["""
        [default]
        aws_access_key_id = ⟦API.aws_id⟧
        aws_secret_access_key = ⟦API.aws_secret⟧
        region = eu-west-2
        """],
    "shell_history": ["""
        $ export GITHUB_TOKEN=⟦API.ghp⟧
        $ gh repo clone infra/terraform-live
        $ psql "⟦CONN.conn⟧" -c 'select count(*) from orders'
        $ ssh deploy@⟦IP.ip⟧
        """],
    "traceback_jwt": ["""
        Traceback (most recent call last):
          File "/srv/app/auth.py", line 88, in verify
            claims = jwt.decode(token, KEY, algorithms=["HS256"])
        jwt.exceptions.ExpiredSignatureError: Signature has expired
        token=⟦JWT.jwt⟧
        """],
    "pem_in_chat": ["""
        this is the key from the old bastion, does it still work?
        ⟦PKEY.pkey⟧
        """],
    "hr_warning_letter": ["""
        ⟦CLS.cls⟧

        Dear ⟦PER.full@a⟧,

        Following the meeting on ⟦_.date⟧ we confirm a first written warning for repeated lateness.
        Employee no. ⟦_.n⟧⟦_.n⟧⟦_.n⟧  |  Home address on file: ⟦LOC.addr1@a⟧

        HR Business Partner
        """],
    "medical_referral": ["""
        REFERRAL
        Patient: ⟦PER.lastupper@a⟧   DOB: ⟦DOB.dob⟧   Hospital no: ⟦MRN.mrn⟧
        Presenting: worsening ⟦COND.cond⟧, currently on ⟦MED.med⟧ 10 mg od.
        Please review in clinic.
        """],
    "insurance_claim": ["""
        Claim form - section B (policyholder)
        Name: ⟦PER.full@a⟧
        Date of birth: ⟦DOB.dob⟧
        Policy no: POL-⟦_.n⟧⟦_.n⟧⟦_.n⟧⟦_.n⟧
        SSN: ⟦NID.ssn⟧
        Injury/condition: ⟦COND.cond⟧
        """],
    "cv_header": ["""
        ⟦PER.upper@a⟧
        ⟦LOC.addr1⟧ · ⟦PHONE.phone⟧ · ⟦EMAIL.mail@a⟧

        PROFILE
        Data analyst with 6 years in retail forecasting. Fluent SQL, Python, dbt.
        """],
    "shipping_label": ["""
        SHIP TO:
        ⟦PER.upper@a⟧
        ⟦LOC.addr@a⟧
        TEL ⟦PHONE.phone⟧
        Tracking ⟦_.track⟧   Wt 2.4kg
        """],
    "uk_payslip_ocr": ["""
        PAYSLIP   Period 07   Employee: ⟦PER.full@a⟧
        NI Number : ⟦NID.nino⟧    Tax code 1257L
        Gross pay ⟦_.amount⟧   Net pay ⟦_.amount⟧
        Paid to   ⟦BANK.sortcode⟧
        """],
    "us_direct_deposit": ["""
        Direct deposit authorization
        Employee: ⟦PER.lastfirst@a⟧
        Routing / Account: ⟦BANK.aba⟧
        SSN (last four only please!): actually full is ⟦NID.ssn⟧
        """],
    "canada_onboarding": ["""
        hey ⟦PER.lowfirst@b⟧ - new hire in Toronto office needs payroll setup:
        name ⟦PER.full@a⟧, SIN ⟦NID.sin⟧, start date ⟦_.date⟧
        """],
    "crypto_refund": ["""
        Support chat
        Customer: I paid twice, refund me to my wallet ⟦CRYPTO.btc⟧ pls
        Agent (⟦PER.first@a⟧): checking with finance, ticket ⟦_.ticket⟧
        """, """
        send the USDC back to ⟦CRYPTO.eth⟧ — that's my personal metamask, not the company one. ⟦PER.first@a⟧
        """],
    "card_dispute_email": ["""
        Hi team,
        A customer (⟦PER.full@a⟧) says card ⟦CC.card⟧ exp 08/27 was charged twice on order ⟦_.order⟧.
        Can you refund one? Her phone: ⟦PHONE.phone⟧
        Thanks, ⟦PER.first@b⟧
        """],
    "nginx_log": ["""
        ⟦IP.ip⟧ - - [07/Dec/2026:10:14:02 +0000] "POST /api/login HTTP/1.1" 401 53 "-" "curl/8.4"
        ⟦IP.ip⟧ - - [07/Dec/2026:10:14:03 +0000] "POST /api/login HTTP/1.1" 401 53 "-" "curl/8.4"
        ⟦_.privip⟧ - - [07/Dec/2026:10:14:05 +0000] "GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/1.29"
        """],
    "ci_yaml_secret": ["""
        deploy:
          stage: deploy
          variables:
            SLACK_BOT_TOKEN: "⟦API.slack⟧"
            SENDGRID_KEY: "⟦API.sendgrid⟧"
          script:
            - ./deploy.sh --env prod
        """],
    "school_report": ["""
        Pupil: ⟦PER.full@a⟧ (Year 9)    Date of birth: ⟦DOB.dob⟧
        SEN notes: ⟦COND.cond⟧ - has ⟦MED.med⟧ inhaler in office.
        Parent contact: ⟦PER.full@b⟧, ⟦PHONE.phone⟧
        """],
    "police_statement": ["""
        WITNESS STATEMENT
        Name: ⟦PER.upper@a⟧     DOB: ⟦DOB.dob⟧
        Address: ⟦LOC.addr1⟧
        I was walking my dog when I saw a grey van...
        """],
    "legal_nda_party": ["""
        This Agreement is made between Quillstack Ltd (company no. 09⟦_.n⟧⟦_.n⟧⟦_.n⟧) and ⟦PER.full@a⟧, residing at ⟦LOC.addr1@a⟧ ("the Consultant").
        """],
    "whatsapp_family": ["""
        [12/11/26, 19:02:11] ⟦PER.first@a⟧: mum's new number is ⟦PHONE.phone⟧
        [12/11/26, 19:02:40] ⟦PER.first@b⟧: ok saved. did the hospital say anything about her ⟦COND.cond⟧?
        [12/11/26, 19:03:02] ⟦PER.first@a⟧: they're starting ⟦MED.med⟧ next week
        """],
    "api_key_debug": ["""
        why does this return 403??

        curl -H "x-goog-api-key: ⟦API.gkey⟧" https://generativelanguage.googleapis.com/v1/models
        """, """
        client = Anthropic(api_key="⟦API.anthropic⟧")
        resp = client.messages.create(...)  # 401 invalid x-api-key
        """],
    "webhook_config": ["""
        {
          "endpoint": "https://hooks.brightpath.io/stripe",
          "signing_secret": "⟦SECRET.secret⟧",
          "events": ["invoice.paid", "charge.refunded"]
        }
        """],
    "dutch_colleague_bsn": ["""
        For the Amsterdam contractor: ⟦PER.full@a⟧, BSN ⟦NID.bsn⟧, paid to ⟦IBAN.iban_NL⟧. Can you add to the vendor sheet?
        """],
    "servicenow_incident": ["""
        Number: ⟦_.ticket⟧
        Caller: ⟦PER.lastfirst@a⟧
        Short description: Account locked after password change
        Work notes: temporary password set to ⟦PWD.pwd⟧, asked user to change at next logon. Source IP ⟦IP.ip⟧.
        """],
    "gdpr_request": ["""
        Subject access request received
        Requester: ⟦PER.full@a⟧ <⟦EMAIL.mail@a⟧>
        Verified via DOB ⟦DOB.dob⟧ and postcode. Deadline ⟦_.date⟧.
        """],
}

EN_NEG = {
    "news_football": ["""
        ⟦_.fig⟧ was spotted at the match in ⟦_.city⟧ on Saturday as the home side won 3-1. Attendance was 52,104.
        """],
    "brand_chat": ["""
        anyone know if the ⟦_.brand⟧ outlet in ⟦_.city⟧ still does staff discount? need a jacket for the offsite lol
        """],
    "docs_placeholders": ["""
        ## Configuration
        Set `API_KEY=<your-api-key>` and `DB_PASSWORD=changeme` in `.env`.
        Example user: ⟦_.tname⟧, email ⟦_.exmail⟧, phone ⟦_.fake555⟧.
        """],
    "stripe_test_docs": ["""
        To test payments use card ⟦_.testcard⟧ with any future expiry and any CVC.
        Do not use real card numbers in staging.
        """],
    "aws_example_docs": ["""
        [default]
        aws_access_key_id = AKIAIOSFODNN7EXAMPLE
        aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
        # values from the AWS documentation, replace with your own
        """],
    "jwt_io_sample": ["""
        what does this token decode to? got it from a tutorial
        eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c
        """],
    "masked_statement": ["""
        Card ⟦_.maskcard⟧ — statement date ⟦_.date⟧
        Balance ⟦_.amount⟧   Min payment ⟦_.amount⟧
        Account ⟦_.maskiban⟧
        """],
    "git_log_hashes": ["""
        commit ⟦_.sha⟧
        Author: ci-bot <ci-bot@example.com>
        Date:   ⟦_.date⟧

            bump version to ⟦_.ver⟧ (⟦_.ticket⟧)
        """],
    "private_ip_config": ["""
        upstream backend {
            server ⟦_.privip⟧:8080;
            server ⟦_.privip⟧:8080 backup;
        }
        # docs range for examples: 203.0.113.0/24
        """],
    "policy_prose": ["""
        Information classified as confidential or restricted must not be pasted into external AI tools. Passwords, API keys and customer personal data (names, addresses, IBANs) are always in scope.
        """],
    "health_article": ["""
        Around ⟦_.pct⟧ of adults live with type 2 diabetes. First-line treatment is usually metformin, alongside diet and exercise, according to national guidelines.
        """],
    "weather_travel": ["""
        Storm warning: heavy rain expected across ⟦_.city⟧ and ⟦_.city⟧ from ⟦_.time⟧. Trains between the two cities may be delayed.
        """],
    "room_booking": ["""
        Booked room "Ada Lovelace" 3rd floor for ⟦_.time⟧, and the Alan Turing room as overflow. Projector in Lovelace is broken again.
        """],
    "fiction_summary": ["""
        In chapter 4, ⟦_.fict⟧ meets the stranger on the train to ⟦_.city⟧. Write a 200-word summary for my book club.
        """],
    "order_confirmation": ["""
        Thanks for your order ⟦_.order⟧!
        Invoice ⟦_.order⟧ · total ⟦_.amount⟧ · tracking ⟦_.track⟧
        Questions? ⟦_.exmail⟧
        """],
    "blank_form": ["""
        Name: ____________________   Date of birth: __/__/____
        Address: _______________________________________
        National Insurance no.: __ __ __ __ __
        Signature: _____________
        """],
    "uuid_log": ["""
        2026-12-07T10:02:11Z INFO request_id=⟦_.uuid⟧ user_id=⟦_.uuid⟧ status=200 latency_ms=⟦_.n⟧
        2026-12-07T10:02:12Z WARN request_id=⟦_.uuid⟧ retry=1 host=⟦_.host⟧
        """],
    "company_register": ["""
        Supplier master data: Helvion GmbH, VAT ⟦_.vat⟧, registered office ⟦_.city⟧. Payment terms 30 days net.
        """],
    "history_prose": ["""
        ⟦_.fig⟧ is often quoted in our training deck. Can you check the quote is real and give the year it was said?
        """],
    "code_variables": ["""
        def mask(user):
            first_name = user.first_name
            iban = user.iban
            password = getpass.getpass()
            return f"{first_name[0]}*** {iban[:4]}****"
        """],
    "k8s_secret_ref": ["""
        env:
          - name: DB_PASSWORD
            valueFrom:
              secretKeyRef:
                name: app-db
                key: password
          - name: API_TOKEN
            value: "${API_TOKEN}"
        """],
    "sports_stats": ["""
        LeBron James: 31 points, 9 rebounds in 34 minutes. Next game in ⟦_.city⟧ on ⟦_.date⟧.
        """, """
        Stephen Curry hit 8 threes as the Warriors beat the Celtics ⟦_.n⟧-⟦_.n⟧ on ⟦_.date⟧.
        """],
    "example_iban_howto": ["""
        IBAN format check: a valid IBAN looks like ⟦_.exiban⟧ (spaces every 4 chars). Our validator rejects spaces — fix?
        """],
    "template_letter": ["""
        Dear [First name],
        Thank you for applying to the {{role}} position. We will contact you at {{email}} by {{date}}.
        Kind regards,
        {{recruiter_name}}
        """],
    "cidr_firewall": ["""
        allow 10.0.0.0/8
        allow 172.16.0.0/12
        allow 192.168.0.0/16
        deny  0.0.0.0/0
        # test from 198.51.100.7 only
        """],
    "stats_table": ["""
        Region | Cases | Rate per 100k
        North | ⟦_.n⟧⟦_.n⟧ | ⟦_.n⟧.⟦_.n⟧
        South | ⟦_.n⟧⟦_.n⟧ | ⟦_.n⟧.⟦_.n⟧
        Source: public health agency weekly bulletin, asthma admissions
        """],
}

ES_POS = {
    "whatsapp_nomina": ["""
        [9:41] ⟦PER.first@a⟧: oye me cambié de banco, la nómina a ⟦IBAN.iban⟧ porfa
        [9:43] ⟦PER.first@b⟧: vale, lo paso a RRHH
        """],
    "correo_baja": ["""
        Hola ⟦PER.first@b⟧:

        Te adjunto el parte de baja de ⟦PER.full@a⟧. Diagnóstico: ⟦COND.cond⟧. Tratamiento con ⟦MED.med⟧.
        Nº historia clínica ⟦MRN.mrn⟧.

        Un saludo,
        ⟦PER.first@c⟧
        """],
    "contrato_alquiler": ["""
        REUNIDOS
        De una parte, D. ⟦PER.full@a⟧, mayor de edad, con DNI ⟦NID.dni⟧ y domicilio en ⟦LOC.addr1⟧.
        De otra parte, Dña. ⟦PER.full@b⟧, con NIE ⟦NID.nie⟧.
        """],
    "ficha_cliente": ["""
        Ficha cliente
        Nombre: ⟦PER.full@a⟧
        F. nacimiento: ⟦DOB.dob⟧
        Tel.: ⟦PHONE.phone⟧
        Email: ⟦EMAIL.mail@a⟧
        Tarjeta: ⟦CC.card⟧
        """],
    "acta_reunion": ["""
        00:03:12 ⟦PER.full@a⟧: el servidor de staging responde en ⟦IP.ip⟧, la clave de admin es ⟦PWD.pwd⟧
        00:03:30 ⟦PER.full@b⟧: no pongas eso en el acta jaja
        """],
    "ticket_soporte": ["""
        Incidencia ⟦_.ticket⟧ - No funciona el acceso remoto
        Usuario: ⟦PER.lastfirst@a⟧
        Equipo MAC ⟦MAC.mac⟧, IP pública ⟦IP.ip⟧
        """],
    "config_docker": ["""
        services:
          api:
            environment:
              - DB_URL=⟦CONN.conn⟧
              - MAILGUN_KEY=⟦API.apikey⟧
        """],
    "etiqueta_envio": ["""
        DESTINATARIO:
        ⟦PER.upper@a⟧
        ⟦LOC.addr@a⟧
        Tlf: ⟦PHONE.phone⟧
        """],
    "informe_medico": ["""
        ⟦CLS.cls⟧
        Paciente: ⟦PER.full@a⟧ · NHC: ⟦MRN.mrn⟧ · Nacimiento: ⟦DOB.dob⟧
        Juicio clínico: ⟦COND.cond⟧. Se pauta ⟦MED.med⟧ 1 comp/día.
        """],
    "slack_deploy": ["""
        ⟦PER.lowfirst@a⟧: el token de github caducó, uso este de momento ⟦API.ghp⟧
        ⟦PER.lowfirst@b⟧: bórralo del canal ya!!
        """],
    "curriculum": ["""
        ⟦PER.upper@a⟧
        Nacida en ⟦LOC.town⟧ el ⟦DOB.dob⟧
        ⟦PHONE.phone⟧ | ⟦EMAIL.mail@a⟧
        EXPERIENCIA: Técnica de laboratorio, 2019-2024
        """],
    "cripto_pago": ["""
        Para el pago del freelance (⟦PER.full@a⟧) usar su wallet ⟦CRYPTO.btc⟧, confirma antes de enviar.
        """],
    "matricula_colegio": ["""
        Alumno/a: ⟦PER.full@a⟧   Fecha de nacimiento: ⟦DOB.dob⟧
        Alergias/enfermedades: ⟦COND.cond⟧
        Padre/madre/tutor: ⟦PER.full@b⟧ — ⟦PHONE.phone⟧
        Vive en ⟦LOC.town⟧
        """],
    "denuncia_policia": ["""
        COMPARECE: ⟦PER.upper@a⟧, con DNI ⟦NID.dni⟧, natural de ⟦LOC.town⟧, quien manifiesta que el día ⟦_.date⟧ le sustrajeron la cartera.
        """],
}

ES_NEG = {
    "noticia_futbol": ["""
        ⟦_.fig⟧ asistió al partido en ⟦_.city⟧. El equipo local ganó 2-0 ante 48.000 espectadores.
        """],
    "politica_privacidad": ["""
        La información CONFIDENCIAL no debe compartirse con herramientas externas. Se consideran datos personales el DNI, el IBAN, la dirección y el teléfono.
        """],
    "plantilla_formulario": ["""
        Nombre y apellidos: ______________
        DNI/NIE: _________   Fecha de nacimiento: __/__/____
        IBAN: ES__ ____ ____ ____ ____ ____
        """],
    "pedido_tienda": ["""
        Pedido ⟦_.order⟧ confirmado. Importe ⟦_.amount⟧. Nº seguimiento ⟦_.track⟧. Dudas: ⟦_.exmail⟧
        """],
    "articulo_salud": ["""
        Según el último informe, el ⟦_.pct⟧ de la población adulta padece hipertensión arterial. El tratamiento habitual combina dieta y fármacos como el enalapril.
        """],
    "tiempo_viaje": ["""
        Aviso amarillo por lluvias en ⟦_.city⟧ y ⟦_.city⟧ desde las ⟦_.time⟧. Renfe prevé retrasos.
        """],
    "marca_tienda": ["""
        la tienda de ⟦_.brand⟧ en ⟦_.city⟧ tiene rebajas, alguien se apunta al salir?
        """],
    "ejemplo_iban": ["""
        Para probar la validación usa el IBAN de ejemplo ⟦_.exiban⟧ y la tarjeta de pruebas ⟦_.testcard⟧.
        """],
    "calle_persona": ["""
        La oficina nueva está en la calle de Alfonso XII, junto al metro. El ⟦_.date⟧ hacemos la mudanza, sala "⟦_.fig⟧" reservada.
        """],
    "log_uuid": ["""
        2026-12-07 11:02:33 ERROR pedido=⟦_.order⟧ trace=⟦_.uuid⟧ host=⟦_.privip⟧ timeout
        """],
    "libro_resumen": ["""
        Hazme un resumen del capítulo donde ⟦_.fict⟧ llega a ⟦_.city⟧, para clase de literatura.
        """],
    "factura_empresa": ["""
        Factura ⟦_.order⟧ emitida por Lumacorp S.L. (CIF ⟦_.vat⟧), sede en ⟦_.city⟧. Vencimiento ⟦_.date⟧.
        """],
}

IT_POS = {
    "chat_stipendio": ["""
        ⟦PER.lowfirst@a⟧: ciao, ho cambiato conto, l'iban nuovo è ⟦IBAN.iban⟧
        ⟦PER.lowfirst@b⟧: ok lo giro all'amministrazione
        """],
    "certificato_malattia": ["""
        Si certifica che il/la sig. ⟦PER.full@a⟧, nato/a il ⟦DOB.dob⟧, è affetto/a da ⟦COND.cond⟧ e in terapia con ⟦MED.med⟧.
        Cartella n. ⟦MRN.mrn⟧
        """],
    "contratto_lavoro": ["""
        Tra Ferrovent S.p.A. e il/la sig.ra ⟦PER.full@a⟧, codice fiscale ⟦NID.cf⟧, residente in ⟦LOC.addr1⟧, si conviene quanto segue.
        """],
    "verbale_riunione": ["""
        00:02:45 ⟦PER.full@a⟧: la password del wifi ospiti l'ho cambiata in ⟦PWD.pwd⟧
        00:02:58 ⟦PER.full@b⟧: perfetto, mandala anche a ⟦PER.first@c⟧
        """],
    "mail_firma": ["""
        Buongiorno ⟦PER.first@b⟧,
        le invio i dati per il rimborso: carta ⟦CC.card⟧ intestata a ⟦PER.full@a⟧.
        Cordiali saluti
        ⟦PER.full@a⟧
        Tel. ⟦PHONE.phone⟧
        """],
    "segnalazione_it": ["""
        Ticket ⟦_.ticket⟧: accessi sospetti da ⟦IP.ip⟧ sull'account di ⟦PER.full@a⟧ (⟦EMAIL.mailc@a⟧)
        """],
    "yaml_config": ["""
        database:
          url: ⟦CONN.conn⟧
        mail:
          api_key: ⟦API.sendgrid⟧
        """],
    "etichetta_pacco": ["""
        DESTINATARIO
        ⟦PER.upper@a⟧
        ⟦LOC.addr@a⟧
        cell. ⟦PHONE.phone⟧
        """],
    "pagella": ["""
        Alunno: ⟦PER.lastupper@a⟧   nato a ⟦LOC.town⟧ il ⟦DOB.dob⟧
        Note: certificazione per ⟦COND.cond⟧, PDP attivo.
        """],
    "denuncia_furto": ["""
        Il sottoscritto ⟦PER.full@a⟧, C.F. ⟦NID.cf⟧, residente in ⟦LOC.addr1⟧, denuncia il furto del proprio telefono avvenuto il ⟦_.date⟧.
        """],
    "chiave_privata": ["""
        mi dà errore "bad permissions", ecco la chiave:
        ⟦PKEY.pkey⟧
        """],
    "cookie_sessione": ["""
        richiesta che fallisce:
        Cookie: connect.sid=⟦SECRET.secret⟧; lang=it
        Authorization: Bearer ⟦JWT.jwt⟧
        """],
    "cv_italiano": ["""
        CURRICULUM VITAE
        ⟦PER.full@a⟧ — ⟦LOC.addr1⟧
        Data di nascita: ⟦DOB.dob⟧ · ⟦EMAIL.mail@a⟧
        """],
    "bonifico_crypto": ["""
        ⟦PER.first@a⟧ mi chiede il rimborso in ETH all'indirizzo ⟦CRYPTO.eth⟧, si può fare?
        """],
}

IT_NEG = {
    "notizia_calcio": ["""
        ⟦_.fig⟧ era in tribuna a ⟦_.city⟧ per la partita di domenica, vinta 1-0 dai padroni di casa.
        """],
    "informativa_privacy": ["""
        I documenti RISERVATI non vanno incollati in strumenti esterni. Sono dati personali nome, codice fiscale, IBAN, indirizzo e numero di telefono.
        """],
    "modulo_vuoto": ["""
        Cognome: __________ Nome: __________
        Codice fiscale: ________________
        Data di nascita: __/__/____  IBAN: IT__ _ _____ _____ ____________
        """],
    "ordine_online": ["""
        Ordine ⟦_.order⟧ spedito. Tracking ⟦_.track⟧. Totale ⟦_.amount⟧. Assistenza: ⟦_.exmail⟧
        """],
    "articolo_medico": ["""
        In Italia circa il ⟦_.pct⟧ degli adulti soffre di ipertensione. La celiachia riguarda circa l'1% della popolazione secondo i dati ufficiali.
        """],
    "meteo": ["""
        Allerta arancione a ⟦_.city⟧ e ⟦_.city⟧: temporali dalle ⟦_.time⟧, possibili ritardi dei treni regionali.
        """],
    "negozio_marca": ["""
        chi viene da ⟦_.brand⟧ in centro a ⟦_.city⟧ dopo il lavoro? ci sono i saldi
        """],
    "esempio_test": ["""
        Per i test usa la carta ⟦_.testcard⟧ e l'IBAN di esempio ⟦_.exiban⟧, mai dati veri.
        """],
    "sala_riunioni": ["""
        Riunione spostata nella sala "⟦_.fig⟧" al secondo piano, ore ⟦_.time⟧. Portate il portatile.
        """],
    "log_server": ["""
        [⟦_.date⟧ ⟦_.time⟧] WARN req=⟦_.uuid⟧ upstream=⟦_.privip⟧:8443 retry=⟦_.n⟧
        """],
    "tema_scuola": ["""
        Scrivi un tema su ⟦_.fig⟧ e sul suo legame con ⟦_.city⟧, massimo 300 parole.
        """],
    "fattura_fornitore": ["""
        Fattura ⟦_.order⟧ — Ferrovent S.p.A., P.IVA ⟦_.vat⟧, sede legale ⟦_.city⟧. Scadenza ⟦_.date⟧.
        """],
}

DE_POS = {
    "chat_gehalt": ["""
        ⟦PER.lowfirst@a⟧: hab ne neue bankverbindung, bitte ab nächsten monat ⟦IBAN.iban⟧
        ⟦PER.lowfirst@b⟧: ok, geb ich an die lohnbuchhaltung weiter
        """],
    "krankmeldung": ["""
        Hallo ⟦PER.first@b⟧,
        ⟦PER.full@a⟧ ist bis Freitag krankgeschrieben (⟦COND.cond⟧), nimmt jetzt ⟦MED.med⟧.
        Viele Grüße
        ⟦PER.first@c⟧
        """],
    "mietvertrag": ["""
        Mieter: Herr ⟦PER.full@a⟧, geb. ⟦DOB.dob⟧, wohnhaft ⟦LOC.addr1⟧
        Steuer-ID: ⟦NID.steuer⟧
        """],
    "protokoll": ["""
        00:04:10 ⟦PER.full@a⟧: das root-passwort für den neuen server ist ⟦PWD.pwd⟧
        00:04:22 ⟦PER.full@b⟧: bitte nicht ins protokoll!
        """],
    "mail_signatur": ["""
        Sehr geehrte Frau ⟦PER.last@b⟧,
        anbei meine Kreditkartendaten für die Buchung: ⟦CC.card⟧, gültig bis 11/28.
        Mit freundlichen Grüßen
        ⟦PER.full@a⟧
        Mobil: ⟦PHONE.phone⟧
        """],
    "ticket_it": ["""
        Ticket ⟦_.ticket⟧ – Laptop von ⟦PER.lastfirst@a⟧ meldet sich von ⟦IP.ip⟧, MAC ⟦MAC.mac⟧
        """],
    "terraform": ["""
        provider "aws" {
          access_key = "⟦API.aws_id⟧"
          secret_key = "⟦API.aws_secret⟧"
          region     = "eu-central-1"
        }
        """],
    "paketaufkleber": ["""
        Empfänger:
        ⟦PER.full@a⟧
        ⟦LOC.addr@a⟧
        Tel. ⟦PHONE.phone⟧
        """],
    "arztbrief": ["""
        ⟦CLS.cls⟧
        Patient: ⟦PER.lastfirst@a⟧, geb. ⟦DOB.dob⟧, Fall-Nr. ⟦MRN.mrn⟧
        Diagnose: ⟦COND.cond⟧. Medikation: ⟦MED.med⟧ 1-0-1.
        """],
    "lebenslauf": ["""
        LEBENSLAUF
        ⟦PER.upper@a⟧
        geboren am ⟦DOB.dob⟧ in ⟦LOC.town⟧
        ⟦EMAIL.mail@a⟧ · ⟦PHONE.phone⟧
        """],
    "zeugnis_schule": ["""
        Schülerin: ⟦PER.full@a⟧, wohnhaft in ⟦LOC.town⟧
        Nachteilsausgleich wegen ⟦COND.cond⟧ genehmigt.
        """],
    "polizei_anzeige": ["""
        Anzeigenerstatter: ⟦PER.upper@a⟧, geb. ⟦DOB.dob⟧, wohnhaft ⟦LOC.addr1⟧, Tel. ⟦PHONE.phone⟧
        Sachverhalt: Fahrraddiebstahl am ⟦_.date⟧.
        """],
    "jwt_debug": ["""
        warum bekomme ich 401? header:
        Authorization: Bearer ⟦JWT.jwt⟧
        """],
    "connection_appsettings": ["""
        "ConnectionStrings": {
          "Default": "⟦CONN.conn⟧"
        }
        """],
}

DE_NEG = {
    "bundesliga": ["""
        ⟦_.fig⟧ saß beim Spiel in ⟦_.city⟧ auf der Tribüne. Endstand 2:2 vor 75.000 Zuschauern.
        """],
    "richtlinie": ["""
        Als VERTRAULICH eingestufte Dokumente dürfen nicht in externe KI-Tools kopiert werden. Dazu zählen Namen, Anschriften, IBAN und Gesundheitsdaten.
        """],
    "leeres_formular": ["""
        Name, Vorname: _______________
        Geburtsdatum: __.__.____   Steuer-ID: ___________
        IBAN: DE__ ____ ____ ____ ____ __
        """],
    "bestellung": ["""
        Ihre Bestellung ⟦_.order⟧ ist unterwegs. Sendungsnummer ⟦_.track⟧, Betrag ⟦_.amount⟧. Fragen: ⟦_.exmail⟧
        """],
    "gesundheitsartikel": ["""
        Laut Statistik leiden rund ⟦_.pct⟧ der Erwachsenen an Bluthochdruck. Häufig verordnet werden ACE-Hemmer wie Ramipril.
        """],
    "wetter": ["""
        Unwetterwarnung für ⟦_.city⟧ und ⟦_.city⟧ ab ⟦_.time⟧ Uhr. Die Bahn rechnet mit Verspätungen.
        """],
    "marke_laden": ["""
        geht jemand nach feierabend zu ⟦_.brand⟧ in ⟦_.city⟧? da ist gerade sale
        """],
    "test_iban": ["""
        Für die Tests bitte nur die Beispiel-IBAN ⟦_.exiban⟧ und die Testkarte ⟦_.testcard⟧ verwenden.
        """],
    "strasse_person": ["""
        Das neue Büro liegt in der Karl-Marx-Allee, Besprechungsraum "⟦_.fig⟧" im 3. OG. Umzug am ⟦_.date⟧.
        """],
    "logzeilen": ["""
        ⟦_.date⟧ ⟦_.time⟧ ERROR job=⟦_.uuid⟧ host=⟦_.privip⟧ commit=⟦_.sha⟧
        """],
    "referat": ["""
        Schreib mir ein Referat über ⟦_.fig⟧ und die Zeit in ⟦_.city⟧, ca. 2 Seiten.
        """],
    "handelsregister": ["""
        Helvion GmbH, ⟦_.vat⟧, Sitz ⟦_.city⟧, Geschäftsführung laut Handelsregister. Rechnung ⟦_.order⟧ fällig am ⟦_.date⟧.
        """],
}


def register_hand(kind):
    for lang, pos, neg in (("en", EN_POS, EN_NEG), ("es", ES_POS, ES_NEG),
                           ("it", IT_POS, IT_NEG), ("de", DE_POS, DE_NEG)):
        for k, tpls in pos.items():
            kind("%s_%s" % (lang, k), lang, False, tpls + EXTRA.get("%s_%s" % (lang, k), []), n=5)
        for k, tpls in neg.items():
            kind("%s_neg_%s" % (lang, k), lang, True, tpls + EXTRA.get("%s_neg_%s" % (lang, k), []), n=5)


EN_POS2 = {
    "vcard_export": ["""
        BEGIN:VCARD
        VERSION:3.0
        FN:⟦PER.full@a⟧
        TEL;TYPE=CELL:⟦PHONE.phone⟧
        EMAIL:⟦EMAIL.mail@a⟧
        ADR;TYPE=HOME:;;⟦LOC.addr1@a⟧
        BDAY:⟦DOB.dobiso⟧
        END:VCARD
        """],
    "git_diff_leak": ["""
        diff --git a/config/settings.py b/config/settings.py
        @@ -12,3 +12,4 @@
         DEBUG = False
        -SENTRY_DSN = os.environ["SENTRY_DSN"]
        +GITHUB_TOKEN = "⟦API.ghp⟧"
        +AWS_SECRET_ACCESS_KEY = "⟦API.aws_secret⟧"
        """],
    "hl7_message": ["""
        MSH|^~\\&|EPIC|WARD7|LAB|HOSP|202612071002||ADT^A01|⟦_.n⟧⟦_.n⟧⟦_.n⟧|P|2.5
        PID|1||⟦MRN.mrn⟧^^^HOSP^MR||⟦PER.last@a⟧^⟦PER.first@a⟧||⟦DOB.dobc⟧|⟦_.sex⟧
        DG1|1||⟦COND.cond⟧|||A
        """],
    "swift_mt103": ["""
        :20:REF⟦_.n⟧⟦_.n⟧⟦_.n⟧
        :32A:261207EUR⟦_.n⟧50,00
        :50K:/⟦IBAN.iban⟧
        ⟦PER.upper@a⟧
        :59:/⟦IBAN.iban⟧
        ⟦PER.upper@b⟧
        :70:RENT DECEMBER
        """],
    "email_headers": ["""
        Received: from mail-wr1 (⟦IP.ip⟧) by mx.brightpath.io
        From: "⟦PER.full@a⟧" <⟦EMAIL.mail@a⟧>
        X-Originating-IP: [⟦IP.ip⟧]
        Subject: invoice query
        """],
    "voicemail_transcript": ["""
        Voicemail (0:42) — "hi it's ⟦PER.first@a⟧ from flat 3, calling about the boiler, you can reach me on ⟦PHONE.phone⟧, my card for the callout fee is ⟦CC.card⟧, thanks"
        """],
    "pytest_fixture": ["""
        @pytest.fixture
        def customer():
            return {"name": "⟦PER.full@a⟧", "email": "⟦EMAIL.mail@a⟧", "iban": "⟦IBAN.iban⟧"}
        # copied from prod dump, is that ok?
        """],
    "kubectl_decoded": ["""
        $ kubectl get secret db-creds -o jsonpath='{.data.password}' | base64 -d
        ⟦PWD.pwd⟧
        $ kubectl get secret stripe -o jsonpath='{.data.key}' | base64 -d
        ⟦API.stripe⟧
        """],
    "expense_claims": ["""
        | Employee | Card | Merchant | Amount |
        |---|---|---|---|
        | ⟦PER.full@a⟧ | ⟦CC.card⟧ | Hotel | ⟦_.amount⟧ |
        | ⟦PER.full@b⟧ | ⟦CC.card⟧ | Taxi | ⟦_.amount⟧ |
        """],
}
EN_NEG2 = {
    "ssn_format_docs": ["""
        US Social Security numbers have the form AAA-GG-SSSS. Numbers starting with 000, 666 or 9xx are never issued; 078-05-1120 was famously printed on a wallet insert and is invalid.
        """],
    "regex_code": ["""
        IBAN_RE = re.compile(r"\\b[A-Z]{2}\\d{2}[A-Z0-9]{11,30}\\b")
        EMAIL_RE = re.compile(r"[\\w.+-]+@[\\w-]+\\.[\\w.]+")
        # why does this match order numbers like ⟦_.order⟧?
        """],
    "serial_numbers": ["""
        Asset tag ⟦_.ticket⟧ — serial SN-⟦_.sha⟧ — model T14s — warranty until ⟦_.date⟧. Located in ⟦_.city⟧ office, desk ⟦_.n⟧.
        """],
    "job_posting": ["""
        We're hiring a Senior Data Engineer in our ⟦_.city⟧ HQ. Apply via the careers page or ⟦_.exmail⟧. Salary range ⟦_.amount⟧–⟦_.amount⟧.
        """],
    "changelog": ["""
        ## ⟦_.ver⟧
        - Fixed password reset e-mail not sent to users with plus-addresses (⟦_.ticket⟧)
        - IBAN field now accepts lowercase country codes
        - Masked card numbers in receipts (show last 4 only)
        """],
    "ipv6_docs": ["""
        interface eth0
          ipv6 address 2001:db8:acad:1::1/64
          ip address ⟦_.privip⟧ 255.255.255.0
        ! loopback 127.0.0.1, ULA fd00::/8
        """],
    "tax_article": ["""
        The personal allowance stays at £12,570 and the higher-rate threshold at £50,270. The Chancellor defended the freeze in a speech in ⟦_.city⟧ on ⟦_.date⟧.
        """],
    "hashes_release": ["""
        SHA256 (app-⟦_.ver⟧.tar.gz) = ⟦_.sha⟧
        SHA256 (app-⟦_.ver⟧.zip) = ⟦_.sha⟧
        signed-off-by: release-bot
        """],
}
ES_POS2 = {
    "mandato_sepa": ["""
        ORDEN DE DOMICILIACIÓN SEPA
        Titular: ⟦PER.full@a⟧
        Domicilio: ⟦LOC.addr1@a⟧
        IBAN: ⟦IBAN.iban⟧
        """],
    "bizum": ["""
        ⟦PER.lowfirst@a⟧: te hago bizum al ⟦PHONE.phone⟧ vale?
        ⟦PER.lowfirst@b⟧: sí, a nombre de ⟦PER.full@b⟧
        """],
    "receta_medica": ["""
        Receta electrónica — Paciente ⟦PER.full@a⟧ (CIP ⟦MRN.mrn⟧). ⟦MED.med⟧ 850 mg, 1 cada 12 h, por ⟦COND.cond⟧.
        """],
}
ES_NEG2 = {
    "receta_cocina": ["""
        Tarta de Santiago: 250 g de almendra molida, 250 g de azúcar, 5 huevos, ralladura de limón. Horno a 180 ºC durante ⟦_.n⟧ minutos.
        """],
    "horario_tren": ["""
        AVE ⟦_.city⟧ – ⟦_.city⟧ salida ⟦_.time⟧, llegada ⟦_.time⟧, localizador ⟦_.ticket⟧, coche ⟦_.n⟧.
        """],
    "estadistica_paro": ["""
        La tasa de paro se situó en el ⟦_.pct⟧ en el tercer trimestre; ⟦_.city⟧ y ⟦_.city⟧ concentran la mayor caída.
        """],
}
IT_POS2 = {
    "fattura_privato": ["""
        Cliente: ⟦PER.full@a⟧ — C.F. ⟦NID.cf⟧
        Indirizzo: ⟦LOC.addr1@a⟧
        Pagamento su IBAN ⟦IBAN.iban⟧
        """],
    "prenotazione_cup": ["""
        Prenotazione CUP: paziente ⟦PER.lastupper@a⟧, nato il ⟦DOB.dob⟧, n. pratica ⟦MRN.mrn⟧, visita diabetologica per ⟦COND.cond⟧.
        """],
    "whatsapp_condominio": ["""
        [08:12] ⟦PER.first@a⟧: chi ha parcheggiato davanti al garage? chiamatemi al ⟦PHONE.phone⟧
        [08:15] ⟦PER.first@b⟧: scusa ⟦PER.lowfirst@a⟧ sposto subito
        """],
}
IT_NEG2 = {
    "ricetta": ["""
        Tiramisù: 500 g di mascarpone, 4 uova, 100 g di zucchero, savoiardi e caffè. Riposo in frigo ⟦_.n⟧ ore.
        """],
    "orari_treni": ["""
        Frecciarossa ⟦_.city⟧ – ⟦_.city⟧ partenza ⟦_.time⟧, arrivo ⟦_.time⟧, PNR ⟦_.ticket⟧, carrozza ⟦_.n⟧.
        """],
    "statistiche_istat": ["""
        Secondo l'ISTAT la disoccupazione è scesa al ⟦_.pct⟧; a ⟦_.city⟧ il calo più marcato.
        """],
}
DE_POS2 = {
    "sepa_lastschrift": ["""
        SEPA-Lastschriftmandat
        Kontoinhaber: ⟦PER.lastfirst@a⟧
        Anschrift: ⟦LOC.addr1@a⟧
        IBAN: ⟦IBAN.iban⟧
        """],
    "elternbrief": ["""
        Liebe Frau ⟦PER.last@b⟧, ⟦PER.first@a⟧ hat heute wieder über Bauchschmerzen geklagt. Wegen der ⟦COND.cond⟧ bitte Rückruf unter ⟦PHONE.phone⟧. Gruß, ⟦PER.first@c⟧
        """],
    "wlan_zettel_ocr": ["""
        WLAN Gäste
        SSID: Praxis-Gast
        Passw0rt: ⟦PWD.pwd⟧
        Router-MAC ⟦MAC.mac⟧
        """],
}
DE_NEG2 = {
    "rezept": ["""
        Apfelstrudel: 6 Äpfel, 80 g Rosinen, 1 TL Zimt, Blätterteig. Bei 200 °C etwa ⟦_.n⟧ Minuten backen.
        """],
    "fahrplan": ["""
        ICE ⟦_.city⟧ – ⟦_.city⟧ ab ⟦_.time⟧, an ⟦_.time⟧, Auftragsnummer ⟦_.ticket⟧, Wagen ⟦_.n⟧.
        """],
    "statistik": ["""
        Laut Destatis lag die Inflationsrate bei ⟦_.pct⟧. In ⟦_.city⟧ stiegen die Mieten am stärksten.
        """],
}


def register_hand2(kind):
    for lang, pos, neg in (("en", EN_POS2, EN_NEG2), ("es", ES_POS2, ES_NEG2),
                           ("it", IT_POS2, IT_NEG2), ("de", DE_POS2, DE_NEG2)):
        for k, tpls in pos.items():
            kind("%s_%s" % (lang, k), lang, False, tpls + EXTRA.get("%s_%s" % (lang, k), []), n=5)
        for k, tpls in neg.items():
            kind("%s_neg_%s" % (lang, k), lang, True, tpls + EXTRA.get("%s_neg_%s" % (lang, k), []), n=5)


EN_POS3 = {
    "ocr_letter_noisy": ["""
        N0RTHWIND L0GISTICS LTD
        Dear Mr ⟦PER.last@a⟧ ,
        Re: y0ur acc0unt ending ... we have updated the payee to
        ⟦PER.upper@a⟧  ⟦BANK.sortcode⟧
        0ur ref ⟦_.order⟧    Page 1 of 2
        """],
    "postman_collection": ["""
        {"name": "Get invoices", "request": {"method": "GET", "header": [
          {"key": "Authorization", "value": "Bearer ⟦JWT.jwt⟧"},
          {"key": "X-Api-Key", "value": "⟦API.apikey⟧"}],
          "url": "https://api.brightpath.io/v2/invoices"}}
        """],
    "crontab_dump": ["""
        0 2 * * * pg_dump "⟦CONN.conn⟧" | gzip > /backup/db.sql.gz
        */5 * * * * curl -s -u admin:⟦PWD.pwd⟧ http://⟦_.privip⟧/health
        """],
    "jupyter_head": ["""
        In [12]: df.head(3)
        Out[12]:
             customer_id           name            city     dob
        0        ⟦_.n⟧⟦_.n⟧  ⟦PER.full@a⟧  ⟦LOC.town⟧  ⟦DOB.dobiso⟧
        1        ⟦_.n⟧⟦_.n⟧  ⟦PER.full@b⟧  ⟦LOC.town⟧  ⟦DOB.dobiso⟧
        """],
    "footer_marking_minutes": ["""
        Board minutes – restructuring
        Attendees: ⟦PER.full@a⟧ (chair), ⟦PER.full@b⟧, Dr ⟦PER.full@c⟧
        Item 3: proposed closure of the Leeds depot; 41 roles at risk.
        — ⟦CLS.cls⟧ —
        """],
}
EN_NEG3 = {
    "otp_sms": ["""
        Your verification code is ⟦_.n⟧⟦_.n⟧⟦_.n⟧. It expires in 10 minutes. Never share this code. Ref ⟦_.ticket⟧
        """],
    "wiki_bio": ["""
        Taylor Swift (born 13 December 1989) is an American singer-songwriter. Make this intro more exciting for a school poster.
        """, """
        Winston Churchill (30 November 1874 – 24 January 1965) served twice as Prime Minister. Give me 5 quiz questions about him.
        """, """
        Alan Turing was born on 23 June 1912 in Maida Vale, London. Summarise his wartime work in 100 words.
        """],
    "mac_oui_table": ["""
        OUI prefix | Vendor
        00:1A:2B | Ayecom
        3C:5A:B4 | Google
        F4:F5:D8 | Google
        # we only log the OUI, never the full address
        """, """
        Which vendor uses the OUI 00-50-56? We see it on all the VMs in ⟦_.privip⟧/24.
        """],
    "travel_town": ["""
        Weekend plan: train to Keswick, walk Catbells in the morning, pencil museum if it rains. Any pub recommendations?
        """, """
        Loughborough University won the sports cup again this year; coverage starts at ⟦_.time⟧.
        """],
}
ES_POS3 = {
    "cita_medica_whatsapp": ["""
        Recordatorio: Sra. ⟦PER.full@a⟧, su cita con la Dra. ⟦PER.full@b⟧ (endocrino) es el ⟦_.date⟧ a las ⟦_.time⟧. Traiga informe de ⟦COND.cond⟧. NHC ⟦MRN.mrn⟧.
        """],
    "pasarela_log": ["""
        [pago] cliente=⟦EMAIL.mail@a⟧ tarjeta=⟦CC.card⟧ ip=⟦IP.ip⟧ resultado=DENEGADA
        """],
}
ES_NEG3 = {
    "escapada_pueblo": ["""
        Escapada de fin de semana: Tudela y las Bardenas Reales, menestra en la plaza de los Fueros. ¿Algún sitio para comer?
        """, """
        Ruta por Alcañiz: castillo, circuito de Motorland y la plaza de España. Hazme un itinerario de 2 días.
        """],
    "biografia_publica": ["""
        Rafael Nadal (Manacor, 3 de junio de 1986) es un extenista español. Hazme un resumen para niños.
        """, """
        Miguel de Cervantes nació en Alcalá de Henares en 1547. Escribe tres preguntas tipo test sobre su vida.
        """],
}
IT_POS3 = {
    "referto_pronto_soccorso": ["""
        PRONTO SOCCORSO – ⟦CLS.cls⟧
        Paziente: Sig. ⟦PER.full@a⟧, nato il ⟦DOB.dob⟧ a ⟦LOC.town⟧
        N. accesso ⟦MRN.mrn⟧ – Diagnosi: ⟦COND.cond⟧ – Terapia: ⟦MED.med⟧ 5 mg
        """],
    "log_pagamenti": ["""
        [pagamenti] utente=⟦EMAIL.mail@a⟧ carta=⟦CC.card⟧ ip=⟦IP.ip⟧ esito=KO 05
        """],
}
IT_NEG3 = {
    "gita_borgo": ["""
        Gita a Gubbio sabato: Palazzo dei Consoli, funivia e pranzo con crescia. Chi viene?
        """, """
        Sassuolo–Milan di domenica: formazioni probabili e orario, me lo riassumi?
        """],
    "biografia_pubblica": ["""
        Sophia Loren (Roma, 20 settembre 1934) è un'attrice italiana. Scrivimi una breve presentazione per la classe.
        """, """
        Giuseppe Verdi nacque a Roncole di Busseto il 10 ottobre 1813. Riassumi la sua vita in 5 righe.
        """],
}
DE_POS3 = {
    "bewerbung_mail": ["""
        Sehr geehrte Damen und Herren,
        anbei meine Unterlagen. Erreichbar unter ⟦PHONE.phone⟧ oder ⟦EMAIL.mail@a⟧.
        Anschrift:
        ⟦LOC.addr@a⟧
        Mit freundlichen Grüßen
        ⟦PER.full@a⟧
        """],
    "zahlungslog": ["""
        [payment] kunde=⟦EMAIL.mail@a⟧ karte=⟦CC.card⟧ ip=⟦IP.ip⟧ status=abgelehnt
        """],
}
DE_NEG3 = {
    "ausflug_stadt": ["""
        Ausflug nach Nördlingen: Stadtmauer umrunden, Rieskrater-Museum, danach Kaffee am Marktplatz. Tipps?
        """, """
        Wandertag ab Wolfratshausen entlang der Isar, Treffpunkt Bahnhof um ⟦_.time⟧.
        """],
    "biografie_oeffentlich": ["""
        Angela Merkel (geboren am 17. Juli 1954 in Hamburg) war von 2005 bis 2021 Bundeskanzlerin. Schreib einen kurzen Steckbrief.
        """, """
        Albert Einstein wurde am 14. März 1879 in Ulm geboren. Fasse sein Leben in 5 Sätzen zusammen.
        """],
}

LOOKALIKE_BY_KIND = {
    "en_neg_travel_town": {"Keswick", "Loughborough"},
    "es_neg_escapada_pueblo": {"Tudela", "Alcañiz"},
    "it_neg_gita_borgo": {"Gubbio", "Sassuolo"},
    "de_neg_ausflug_stadt": {"Nördlingen", "Wolfratshausen"},
}


def register_hand3(kind):
    for lang, pos, neg in (("en", EN_POS3, EN_NEG3), ("es", ES_POS3, ES_NEG3),
                           ("it", IT_POS3, IT_NEG3), ("de", DE_POS3, DE_NEG3)):
        for k, tpls in pos.items():
            kind("%s_%s" % (lang, k), lang, False, tpls + EXTRA.get("%s_%s" % (lang, k), []), n=5)
        for k, tpls in neg.items():
            kind("%s_neg_%s" % (lang, k), lang, True, tpls + EXTRA.get("%s_neg_%s" % (lang, k), []), n=5)


# second variants for kinds whose first template has little to randomise
EXTRA = {
    "en_neg_aws_example_docs": ["""
        boto3.client("s3", aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
                     aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
        # straight from the docs, why NoSuchBucket for bucket ⟦_.uuid⟧?
        """],
    "en_neg_jwt_io_sample": ["""
        The README says paste `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c` into jwt.io to see the claims. What's "iat"?
        """],
    "en_neg_blank_form": ["""
        EMERGENCY CONTACT FORM
        Contact name: <enter name>     Relationship: <select>
        Phone: (___) ___-____          Email: ______@______
        Medical conditions we should know about: ____________
        """],
    "en_neg_code_variables": ["""
        SELECT first_name, last_name, date_of_birth, iban
        FROM customers
        WHERE created_at > :since AND ssn IS NOT NULL
        LIMIT ⟦_.n⟧;
        -- why is this slow?
        """],
    "en_neg_k8s_secret_ref": ["""
        password: ${{ secrets.DB_PASSWORD }}
        api_key: {{ .Values.stripe.apiKey }}
        token: "<REDACTED>"
        private_key: "-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----"
        """],
    "en_neg_cidr_firewall": ["""
        resource "aws_security_group_rule" "office" {
          cidr_blocks = ["⟦_.privip⟧/32", "100.64.0.0/10"]
          from_port   = 443
        }
        """],
    "en_neg_policy_prose": ["""
        Reminder from Security: documents marked TLP:RED or STRICTLY CONFIDENTIAL stay inside the company. If in doubt, ask the data protection officer before sharing medical or payroll information.
        """],
    "en_neg_template_letter": ["""
        Hi {first_name}, your appointment is on {date} at {clinic_address}. Reply STOP to opt out. — sent via SMS template v⟦_.ver⟧
        """],
    "en_neg_ssn_format_docs": ["""
        A UK National Insurance number looks like QQ 12 34 56 C — that's the official dummy format used on HMRC forms. Validate with a regex, not a lookup.
        """],
    "es_neg_politica_privacidad": ["""
        Recordatorio: los documentos marcados como USO INTERNO o DIFUSIÓN LIMITADA no se suben a ChatGPT. Ante la duda, consulta al delegado de protección de datos.
        """],
    "es_neg_plantilla_formulario": ["""
        Estimado/a {nombre}: le confirmamos su cita el {fecha} en {direccion}. Para anular, responda a este mensaje.
        """],
    "it_neg_informativa_privacy": ["""
        Promemoria: i file con intestazione STRETTAMENTE RISERVATO restano in azienda. Per dubbi sui dati sanitari o sulle buste paga contattare il DPO.
        """],
    "it_neg_modulo_vuoto": ["""
        Gentile {nome} {cognome}, la sua prenotazione n. {numero} è confermata per il {data}. Codice fiscale: [inserire]
        """],
    "de_neg_richtlinie": ["""
        Hinweis der IT-Sicherheit: Unterlagen mit dem Vermerk VS-NfD oder STRENG VERTRAULICH nie in Chatbots einfügen. Bei Fragen zu Gesundheits- oder Gehaltsdaten bitte den Datenschutzbeauftragten fragen.
        """],
    "de_neg_leeres_formular": ["""
        Hallo {vorname}, Ihr Termin am {datum} in {adresse} ist bestätigt. IBAN für die Erstattung: <bitte eintragen>
        """],
}
FICT = {
    "en": ["Sherlock Holmes", "Hermione Granger", "Harry Potter", "Elizabeth Bennet", "Jay Gatsby"],
    "es": ["Don Quijote", "Sancho Panza", "Lazarillo de Tormes"],
    "it": ["commissario Montalbano", "Pinocchio", "Renzo Tramaglino"],
    "de": ["Effi Briest", "Faust", "Pippi Langstrumpf"],
}


EN_POS4 = {
    "npmrc_pgpass": ["""
        # ~/.npmrc
        //registry.npmjs.org/:_authToken=⟦API.npm⟧
        # ~/.pgpass
        db-prod-01.internal:5432:sales:etl_user:⟦PWD.pwd⟧
        """],
    "azure_storage": ["""
        "AzureWebJobsStorage": "⟦CONN.azconn⟧",
        "FUNCTIONS_WORKER_RUNTIME": "python"
        """],
    "docker_login_history": ["""
        history | tail -4
          501  docker login -u ⟦_.handle⟧ -p ⟦PWD.pwd⟧ registry.brightpath.io
          502  docker push registry.brightpath.io/api:⟦_.ver⟧
          503  ssh ⟦_.handle⟧@⟦IP.ip⟧
        """],
}
EN_NEG4 = {
    "passwd_file": ["""
        postgres:x:113:120:PostgreSQL administrator,,,:/var/lib/postgresql:/bin/bash
        ⟦_.handle⟧:x:1001:1001::/home/⟦_.handle⟧:/bin/bash
        nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
        """],
    "bcrypt_dump": ["""
        id | username | email | password_hash
        ⟦_.n⟧ | ⟦_.handle⟧ | ⟦_.exmail⟧ | ⟦_.bcrypt⟧
        ⟦_.n⟧ | ⟦_.handle⟧ | ⟦_.exmail⟧ | ⟦_.bcrypt⟧
        -- hashes only, is bcrypt cost 12 enough?
        """],
    "last_logins": ["""
        ⟦_.handle⟧  pts/0  ⟦_.privip⟧  Mon Dec  7 09:12   still logged in
        ⟦_.handle⟧  pts/1  ⟦_.privip⟧  Sun Dec  6 22:40 - 23:05  (00:25)
        reboot   system boot  6.1.0-18-amd64
        """],
}
DE_POS4 = {
    "ueberweisung_ocr": ["""
        SEPA-Überweisung
        Empfänger: ⟦PER.upper@a⟧
        IBAN ⟦IBAN.iban⟧   BIC GENODEF1XXX
        Verwendungszweck: Miete Dezember
        Kontoinhaber: ⟦PER.full@b⟧
        """],
}
ES_NEG4 = {
    "usuarios_servicio": ["""
        usuarios técnicos del servidor: ⟦_.handle⟧, ⟦_.handle⟧ y root. Contraseñas en el gestor (no aquí). IP interna ⟦_.privip⟧.
        """],
}
IT_NEG4 = {
    "utenti_tecnici": ["""
        utenze di servizio: ⟦_.handle⟧ e ⟦_.handle⟧ sul server ⟦_.privip⟧; le password stanno nel vault, non in chat.
        """],
}


def register_hand4(kind):
    for lang, pos, neg in (("en", EN_POS4, EN_NEG4), ("de", DE_POS4, {}),
                           ("es", {}, ES_NEG4), ("it", {}, IT_NEG4)):
        for k, tpls in pos.items():
            kind("%s_%s" % (lang, k), lang, False, tpls, n=5)
        for k, tpls in neg.items():
            kind("%s_neg_%s" % (lang, k), lang, True, tpls, n=5)


MORE = {
    "es": ({
        "declaracion_renta": ["""
            Borrador IRPF – Titular: ⟦PER.full@a⟧ · NIF ⟦NID.dni⟧
            Domicilio fiscal: ⟦LOC.addr1@a⟧
            Resultado: a devolver ⟦_.amount⟧ en la cuenta ⟦IBAN.iban⟧
            """],
        "grupo_padres": ["""
            [20:14] ⟦PER.lowfirst@a⟧: mañana ⟦PER.lowfirst@c⟧ no puede comer frutos secos, tiene ⟦COND.cond⟧ y lleva ⟦MED.med⟧ en la mochila
            [20:15] ⟦PER.lowfirst@b⟧: apuntado! si pasa algo llamo al ⟦PHONE.phone⟧?
            """],
    }, {
        "anuncio_inmobiliario": ["""
            Piso en venta en ⟦_.city⟧, 3 hab., 2 baños, 95 m². Agencia Lumacorp, ref. ⟦_.ticket⟧. Visitas previa cita a través del portal.
            """],
    }),
    "it": ({
        "dichiarazione_730": ["""
            Modello 730 – Dichiarante: ⟦PER.lastupper@a⟧ · C.F. ⟦NID.cf⟧
            Residenza: ⟦LOC.addr1@a⟧
            Rimborso di ⟦_.amount⟧ su IBAN ⟦IBAN.iban⟧
            """],
        "chat_genitori": ["""
            [19:02] ⟦PER.lowfirst@a⟧: domani ⟦PER.first@c⟧ non può mangiare glutine, ha la ⟦COND.cond⟧
            [19:05] ⟦PER.lowfirst@b⟧: ok, segnato. il tuo numero è sempre ⟦PHONE.phone⟧?
            """],
    }, {
        "annuncio_immobiliare": ["""
            Vendesi trilocale a ⟦_.city⟧, 85 mq, classe B. Agenzia Ferrovent Immobiliare, rif. ⟦_.ticket⟧, visite solo su appuntamento.
            """],
    }),
    "de": ({
        "steuererklaerung": ["""
            ELSTER-Entwurf – Steuerpflichtige/r: ⟦PER.lastfirst@a⟧, Steuer-ID ⟦NID.steuer⟧
            Anschrift: ⟦LOC.addr1@a⟧
            Erstattung ⟦_.amount⟧ auf ⟦IBAN.iban⟧
            """],
        "elternchat": ["""
            [18:30] ⟦PER.lowfirst@a⟧: ⟦PER.first@c⟧ darf morgen keine Nüsse, wegen ⟦COND.cond⟧, Notfallmedikament ⟦MED.med⟧ ist im Ranzen
            [18:32] ⟦PER.lowfirst@b⟧: alles klar, notfalls ruf ich dich an: ⟦PHONE.phone⟧
            """],
    }, {
        "immobilienanzeige": ["""
            3-Zimmer-Wohnung in ⟦_.city⟧, 78 m², Balkon, provisionsfrei. Helvion Immobilien, Objekt-Nr. ⟦_.ticket⟧, Besichtigung nach Vereinbarung.
            """],
    }),
}


def register_more(kind):
    for lang, (pos, neg) in MORE.items():
        for k, tpls in pos.items():
            kind("%s_%s" % (lang, k), lang, False, tpls, n=5)
        for k, tpls in neg.items():
            kind("%s_neg_%s" % (lang, k), lang, True, tpls, n=5)


WEAK = {
    "en": ({
        "mobile_app_log": ["""
            D/AuthManager: refresh ok user=⟦_.uuid⟧
            D/AuthManager: access_token=⟦JWT.jwt⟧
            D/AuthManager: refresh_token=⟦SECRET.secret⟧
            I/Sync: pushed ⟦_.n⟧ items
            """],
        "wallet_recovery_thread": ["""
            ⟦PER.lowfirst@a⟧: the treasury cold wallet is ⟦CRYPTO.btc⟧ and the hot one ⟦CRYPTO.eth⟧
            ⟦PER.lowfirst@b⟧: and the deploy key for the signer box?
            ⟦PER.lowfirst@a⟧: ⟦PKEY.pkey⟧
            """],
    }, {
        "crypto_explainer": ["""
            A Bitcoin address is a Base58Check string starting with 1, 3 or bc1; an Ethereum address is 0x followed by 40 hex digits, e.g. 0x0000000000000000000000000000000000000000 (the zero address). Explain checksums to a beginner.
            """],
    }),
    "es": ({
        "cuenta_ccc": ["""
            Datos para la transferencia del alquiler: titular ⟦PER.full@a⟧, cuenta antigua (CCC) ⟦BANK.ccc⟧ — el banco dice que sigue valiendo.
            """],
        "clave_ssh_chat": ["""
            ⟦PER.lowfirst@a⟧: te paso la clave del servidor de backups, no la compartas
            ⟦PKEY.pkey⟧
            """],
    }, {}),
    "it": ({
        "webhook_segreto": ["""
            Configurazione webhook pagamenti:
            endpoint: https://hooks.ferrovent.it/psp
            secret: ⟦SECRET.secret⟧
            referente tecnico: ⟦PER.full@a⟧ (⟦EMAIL.mailc@a⟧)
            """],
        "portafoglio_crypto": ["""
            ⟦PER.first@a⟧: per il rimborso del corso usa il mio wallet ⟦CRYPTO.btc⟧, grazie!
            """],
    }, {}),
    "de": ({
        "krypto_spende": ["""
            Spende an ⟦PER.full@a⟧ privat, bitte an ⟦CRYPTO.eth⟧ überweisen (nicht an die Vereinsadresse).
            """],
        "deploy_key": ["""
            Hier der Deploy-Key für das GitLab-Runner-Setup, bitte in den Vault:
            ⟦PKEY.pkey⟧
            """],
    }, {
        "krypto_artikel": ["""
            Bitcoin fiel am ⟦_.date⟧ unter 60.000 Dollar. Analysten in ⟦_.city⟧ sehen den Grund in höheren Zinsen; Ether verlor ⟦_.pct⟧.
            """],
    }),
}


def register_weak(kind):
    for lang, (pos, neg) in WEAK.items():
        for k, tpls in pos.items():
            kind("%s_%s" % (lang, k), lang, False, tpls, n=5)
        for k, tpls in neg.items():
            kind("%s_neg_%s" % (lang, k), lang, True, tpls, n=5)
