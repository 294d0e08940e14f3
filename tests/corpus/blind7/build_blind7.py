"""Deterministic generator for the blind7 DLP evaluation set (en/es/it/pt).

Written blind: nothing here is derived from the detector under test.
`python build_blind7.py` writes blind7.jsonl; `--check` exits 1 when the file is stale.
"""
from __future__ import annotations

import base64
import hashlib
import ipaddress
import json
import random
import re
import string
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

SEED = "blind7-2026"
HERE = Path(__file__).resolve().parent
OUT = HERE / "blind7.jsonl"

CATEGORY: dict[str, str] = {
    "API_KEY": "secret", "CONNECTION_STRING": "secret", "PASSWORD": "secret",
    "GENERIC_SECRET": "secret", "JWT": "secret", "PRIVATE_KEY": "secret",
    "IBAN_CODE": "financial", "CREDIT_CARD": "financial", "BANK_ACCOUNT": "financial",
    "CRYPTO": "financial", "NATIONAL_ID": "government_id",
    "EMAIL_ADDRESS": "contact", "PHONE_NUMBER": "contact",
    "IP_ADDRESS": "network", "MAC_ADDRESS": "network",
    "PERSON": "person", "DATE_OF_BIRTH": "person", "LOCATION": "location",
    "MEDICAL_CONDITION": "health", "MEDICATION": "health", "MEDICAL_RECORD_NUMBER": "health",
    "CLASSIFICATION_MARKING": "classification",
}

# ---------------------------------------------------------------- markers
_OPEN, _SEP, _CLOSE = "\x01", "\x02", "\x03"


def lab(value: str, etype: str) -> str:
    assert etype in CATEGORY, etype
    assert value == value.strip() and value, repr(value)
    return f"{_OPEN}{etype}{_SEP}{value}{_CLOSE}"


def P(v: str) -> str: return lab(v, "PERSON")
def E(v: str) -> str: return lab(v, "EMAIL_ADDRESS")
def PH(v: str) -> str: return lab(v, "PHONE_NUMBER")
def LOC(v: str) -> str: return lab(v, "LOCATION")
def DOB(v: str) -> str: return lab(v, "DATE_OF_BIRTH")
def NID(v: str) -> str: return lab(v, "NATIONAL_ID")
def IB(v: str) -> str: return lab(v, "IBAN_CODE")
def CC(v: str) -> str: return lab(v, "CREDIT_CARD")
def BA(v: str) -> str: return lab(v, "BANK_ACCOUNT")
def IP(v: str) -> str: return lab(v, "IP_ADDRESS")
def MAC(v: str) -> str: return lab(v, "MAC_ADDRESS")
def PW(v: str) -> str: return lab(v, "PASSWORD")
def KEY(v: str) -> str: return lab(v, "API_KEY")
def CS(v: str) -> str: return lab(v, "CONNECTION_STRING")
def SEC(v: str) -> str: return lab(v, "GENERIC_SECRET")
def JW(v: str) -> str: return lab(v, "JWT")
def PK(v: str) -> str: return lab(v, "PRIVATE_KEY")
def CR(v: str) -> str: return lab(v, "CRYPTO")
def MC(v: str) -> str: return lab(v, "MEDICAL_CONDITION")
def MED(v: str) -> str: return lab(v, "MEDICATION")
def MRN(v: str) -> str: return lab(v, "MEDICAL_RECORD_NUMBER")
def CM(v: str) -> str: return lab(v, "CLASSIFICATION_MARKING")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    entity_type: str


def strip_markers(marked: str) -> tuple[str, list[Span]]:
    out: list[str] = []
    spans: list[Span] = []
    pos = 0
    i = 0
    while i < len(marked):
        ch = marked[i]
        if ch == _OPEN:
            sep = marked.index(_SEP, i)
            close = marked.index(_CLOSE, sep)
            etype = marked[i + 1:sep]
            value = marked[sep + 1:close]
            assert _OPEN not in value, "nested marker"
            spans.append(Span(pos, pos + len(value), etype))
            out.append(value)
            pos += len(value)
            i = close + 1
        else:
            out.append(ch)
            pos += 1
            i += 1
    text = "".join(out)
    return text, spans


# ---------------------------------------------------------------- pools
WORDLIKE_NAMES = ["Rose", "Frank", "Hope", "Grace", "Joy", "Ivy", "Hazel", "Iris",
                  "Young", "Fisher", "Bauer", "Costa", "Luz"]

GIVEN = sorted(set("""
James Oliver Harry Jack George Noah Charlie Thomas Oscar William Amelia Olivia Isla Emily Ava
Jessica Sophie Chloe Lucy Megan Hannah Liam Ethan Mason Logan Madison Abigail Brittany Tyler Kayla
Dylan Connor Siobhan Niamh Aoife Ciaran Eoin Declan Fiona Hamish Morag Gareth Rhys Bronwen Dafydd
Rose Frank Hope Grace Joy Ivy Hazel Iris
Alejandro Javier Sergio Pablo Álvaro Adrián Diego Jorge Rubén Íñigo Xabier Aitor Iker Unai Jordi
Pau Oriol Nuria Lucía María Carmen Laura Marta Paula Elena Sara Irene Cristina Beatriz Rocío
Inmaculada Remedios Begoña Ainhoa Itziar Nerea Maite Consuelo Pilar Dolores Amparo Encarnación
Gonzalo Ignacio Borja Rodrigo Fernando Valentina Camila Ximena Yesenia Maricela Brayan Jhon Wilmer
Yeison Luz Nayeli Itzel Xóchitl Rigoberto Giuseppe Giovanni Francesco Alessandro Lorenzo Matteo
Gabriele Riccardo Tommaso Edoardo Federico Simone Davide Stefano Salvatore Gennaro Carmine Vincenzo
Antonio Giulia Chiara Francesca Federica Alessia Martina Sofia Ginevra Beatrice Ludovica Benedetta
Annalisa Rosalba Carmela Concetta Assunta Nunzia Graziella Ornella Loredana Pierluigi Gianmarco
Gianluca João Gonçalo Tiago Rui Duarte Afonso Inês Leonor Mariana Matilde Conceição Graça Thiago
Guilherme Caio Vinícius Thaís Luana Raíssa Gabriela Jürgen Dieter Katrin Sabine Lukas Jannik Maarten
Sanne Femke Joost Sven Astrid Ingrid Lars Mikael Katarzyna Piotr Małgorzata Wojciech Agnieszka Tomasz
Ivana Dragan Milica Jelena Bogdan Ioana Andrei Mihai Dimitris Eleni Yannis Chidi Ngozi Oluwaseun
Adebayo Chiamaka Emeka Kwame Kofi Akosua Thabo Nomvula Sipho Lerato Wanjiru Amara Fatoumata
Mamadou Abdoulaye Aminata Seydou Binta Tendai Chipo Zanele Tariku Meseret Yohannes Mohammed Ahmed
Youssef Omar Khalid Tariq Rania Layla Aisha Nour Yasmin Karim Samir Hanane Bilal Imane Zineb Hamza
Mouna Priya Rahul Arjun Ananya Deepika Vikram Sanjay Sunita Rajesh Kavya Aditya Nikhil Pooja
Harpreet Gurpreet Manpreet Sandeep Farhan Ayesha Imran Shreya Lakshmi Venkatesh Dilshan Chathurika
Nuwan Wei Jing Xiaoming Yuki Haruto Sakura Hiroshi Kenji Aiko Minjun Jiwoo Thanh Linh Minh Huong
Duc Nguyet Somchai Siriporn Malai Rizal Siti Budi Dewi
""".split()))

SURNAMES = sorted(set("""
Smith Johnson Williams Taylor Wilson Davies Evans Roberts Walker Wright Thompson Hughes Edwards
Harris Clarke Jackson Turner Morris Moore Fisher Young Murphy Kelly Byrne Walsh McCarthy Gallagher
Doherty MacLeod Campbell Sinclair García Fernández González Rodríguez López Martínez Sánchez Pérez
Gómez Martín Jiménez Ruiz Hernández Díaz Moreno Muñoz Álvarez Romero Alonso Gutiérrez Navarro
Torres Domínguez Vázquez Ramos Gil Ramírez Serrano Molina Morales Suárez Ortega Delgado Castro Ortiz
Rubio Marín Sanz Iglesias Núñez Medina Garrido Cortés Castillo Lozano Guerrero Cano Prieto Méndez
Calvo Vidal Márquez Herrera Peña Flores Cabrera Campos Vega Fuentes Carrasco Caballero Aguirre
Etxeberria Goikoetxea Urrutia Zubizarreta Puig Ferrer Soler Vilaró Casals Quispe Mamani Huamán
Condori Villca Chávez Mendoza Salazar Ospina Restrepo Cárdenas Arango Zapata Londoño Bermúdez
Villalobos Rossi Russo Bianchi Ricci Conti Mancini Costa Giordano Rizzo Lombardi Moretti Barbieri
Fontana Santoro Mariani Rinaldi Caruso Galli Leone Longo Martinelli Vitale Lombardo Serra
Coppola Marchetti Parisi Conte Ferraro Ferri Fabbri Marini Grasso Valentini Gatti Pellegrini
Palumbo Sanna Rizzi Monti Cattaneo Morelli Amato Silvestri Mazza Grassi Pellegrino Carbone Giuliani
Benedetti Barone Rossetti Caputo Montanari Palmieri Bernardi Fiore Ferretti Basile Donati Piras
Vitali Battaglia Sartori Neri Costantini Milani Pagano Ruggiero Sorrentino Damiani Negri Esposito
Iannone Cirillo Pugliese Zanetti Zanella Brambilla Bonetti Silva Ferreira Pereira Oliveira
Rodrigues Martins Sousa Fernandes Gonçalves Gomes Lopes Marques Alves Almeida Ribeiro Pinto
Carvalho Teixeira Moreira Correia Mendes Nunes Soares Vieira Monteiro Cardoso Rocha Neves Coelho
Cunha Pires Azevedo Magalhães Bauer Müller Schmidt Schneider Weber Becker Hoffmann Schäfer Seidel
Krüger Jansen Visser Bakker Mulder Kowalski Nowak Wiśniewski Wójcik Kowalczyk Novák Horvat Popescu
Ionescu Petrović Jovanović Papadopoulos Nielsen Andersen Johansson Lindqvist Virtanen Korhonen
Okafor Adeyemi Okonkwo Eze Nwosu Balogun Mensah Asante Boateng Owusu Nkosi Dlamini Mokoena Ndlovu
Kamau Wanjiku Otieno Diallo Traoré Keita Coulibaly Diop Ndiaye Sow Moyo Banda Tesfaye Haile Bekele
Haddad Khalil Nasser Saleh Mansour Hamdan Farouk Benali Bensaid Bouzid Cherkaoui Hassan Aziz
Qureshi Sharma Patel Gupta Singh Kumar Reddy Iyer Nair Menon Chatterjee Banerjee Mukherjee Desai
Joshi Kapoor Malhotra Agarwal Rao Pillai Perera Jayasuriya Rahman Chowdhury Hossain Khan Wang Zhang
Liu Chen Yang Huang Zhao Zhou Tanaka Suzuki Takahashi Watanabe Yamamoto Nakamura Kim Lee Choi
Nguyen Tran Pham Hoang Dang Bui Santoso Wijaya Suryanto Lim Ong Chua
""".split()) | {"De Luca", "De Santis", "De Rosa", "De Angelis", "El Amrani", "van Dijk", "de Vries",
                 "Al-Rashid", "O'Brien", "Ní Bhriain"})

ES_GIVEN = [n for n in GIVEN if n in set("""Alejandro Javier Sergio Pablo Álvaro Adrián Diego Jorge Rubén
Íñigo Xabier Aitor Iker Unai Jordi Pau Oriol Nuria Lucía María Carmen Laura Marta Paula Elena Sara Irene
Cristina Beatriz Rocío Inmaculada Remedios Begoña Ainhoa Itziar Nerea Maite Consuelo Pilar Dolores Amparo
Encarnación Gonzalo Ignacio Borja Rodrigo Fernando Valentina Camila Ximena Yesenia Maricela Brayan Jhon
Wilmer Yeison Luz Nayeli Itzel Xóchitl Rigoberto""".split())]
IT_GIVEN = [n for n in GIVEN if n in set("""Giuseppe Giovanni Francesco Alessandro Lorenzo Matteo Gabriele
Riccardo Tommaso Edoardo Federico Simone Davide Stefano Salvatore Gennaro Carmine Vincenzo Antonio Giulia
Chiara Francesca Federica Alessia Martina Sofia Ginevra Beatrice Ludovica Benedetta Annalisa Rosalba
Carmela Concetta Assunta Nunzia Graziella Ornella Loredana Pierluigi Gianmarco Gianluca Valentina
Elena Sara Laura Marta Paola Irene Cristina""".split())]
PT_GIVEN = [n for n in GIVEN if n in set("""João Gonçalo Tiago Rui Duarte Afonso Inês Leonor Mariana
Matilde Conceição Graça Thiago Guilherme Caio Vinícius Thaís Luana Raíssa Gabriela Rodrigo Beatriz
Marta Sara""".split())]
ES_SUR = SURNAMES[:0] + [s for s in SURNAMES if s in set("""García Fernández González Rodríguez López
Martínez Sánchez Pérez Gómez Martín Jiménez Ruiz Hernández Díaz Moreno Muñoz Álvarez Romero Alonso Gutiérrez
Navarro Torres Domínguez Vázquez Ramos Gil Ramírez Serrano Molina Morales Suárez Ortega Delgado Castro Ortiz
Rubio Marín Sanz Iglesias Núñez Medina Garrido Cortés Castillo Lozano Guerrero Cano Prieto Méndez Calvo
Vidal Márquez Herrera Peña Flores Cabrera Campos Vega Fuentes Carrasco Caballero Aguirre Etxeberria
Goikoetxea Urrutia Zubizarreta Puig Ferrer Soler Vilaró Casals Quispe Mamani Huamán Condori Villca Chávez
Mendoza Salazar Ospina Restrepo Cárdenas Arango Zapata Londoño Bermúdez Villalobos""".split())]
IT_SUR = [s for s in SURNAMES if s in set("""Rossi Russo Bianchi Ricci Conti Mancini Costa Giordano Rizzo
Lombardi Moretti Barbieri Fontana Santoro Mariani Rinaldi Caruso Galli Leone Longo Martinelli Vitale
Lombardo Serra Coppola Marchetti Parisi Conte Ferraro Ferri Fabbri Marini Grasso Valentini Gatti Pellegrini
Palumbo Sanna Rizzi Monti Cattaneo Morelli Amato Silvestri Mazza Grassi Pellegrino Carbone Giuliani
Benedetti Barone Rossetti Caputo Montanari Palmieri Bernardi Fiore Ferretti Basile Donati Piras Vitali
Battaglia Sartori Neri Costantini Milani Pagano Ruggiero Sorrentino Damiani Negri Esposito Iannone Cirillo
Pugliese Zanetti Zanella Brambilla Bonetti""".split())] + ["De Luca", "De Santis", "De Rosa", "De Angelis"]
PT_SUR = [s for s in SURNAMES if s in set("""Silva Ferreira Pereira Oliveira Costa Rodrigues Martins Sousa
Fernandes Gonçalves Gomes Lopes Marques Alves Almeida Ribeiro Pinto Carvalho Teixeira Moreira Correia
Mendes Nunes Soares Vieira Monteiro Cardoso Rocha Neves Coelho Cunha Pires Azevedo Magalhães""".split())]

# Private places: only ever used where they locate a private person, so always labelled.
PRIVATE_TOWNS = {
    "es": ["Alcobendas", "Getafe", "Móstoles", "Leganés", "Torrejón de Ardoz", "Alcalá de Henares",
           "Majadahonda", "Pozuelo de Alarcón", "Sabadell", "Terrassa", "Badalona", "Mataró", "Vic",
           "Manresa", "Igualada", "Reus", "Figueres", "Olot", "Gandia", "Alzira", "Xàtiva", "Elche",
           "Orihuela", "Dos Hermanas", "Utrera", "Écija", "Jerez de la Frontera", "Motril", "Linares",
           "Úbeda", "Ponferrada", "Astorga", "Lugo", "Ourense", "Ferrol", "Avilés", "Mieres", "Getxo",
           "Barakaldo", "Eibar", "Irun", "Tudela", "Calahorra", "Monzón", "Talavera de la Reina",
           "Puertollano"],
    "it": ["Sesto San Giovanni", "Monza", "Lodi", "Crema", "Vigevano", "Voghera", "Saronno", "Legnano",
           "Busto Arsizio", "Gallarate", "Cantù", "Lecco", "Sondrio", "Chiari", "Desenzano del Garda",
           "Rovereto", "Bassano del Grappa", "Schio", "Thiene", "Conegliano", "Castelfranco Veneto",
           "Chioggia", "Pordenone", "Carpi", "Sassuolo", "Imola", "Faenza", "Cesena", "Fano", "Jesi",
           "Foligno", "Spoleto", "Viterbo", "Civitavecchia", "Frosinone", "Aversa", "Caserta", "Nola",
           "Battipaglia", "Eboli", "Altamura", "Andria", "Barletta", "Molfetta", "Monopoli",
           "Lamezia Terme", "Vibo Valentia", "Marsala", "Mazara del Vallo", "Caltanissetta", "Modica",
           "Alghero", "Olbia", "Nuoro"],
    "pt": ["Almada", "Amadora", "Barreiro", "Setúbal", "Braga", "Guimarães", "Viana do Castelo",
           "Aveiro", "Leiria", "Covilhã", "Viseu", "Évora", "Portimão", "Campinas", "Niterói",
           "Londrina", "Joinville", "Uberlândia"],
    "en": ["Hoboken", "Naperville", "Schaumburg", "Plano", "Round Rock", "Boise", "Ann Arbor",
           "Bozeman", "Missoula", "Ithaca", "Scranton", "Dayton", "Peoria", "Chattanooga", "Asheville",
           "Sugar Land", "Tempe", "Swindon", "Stockport", "Wigan", "Bolton", "Huddersfield", "Harrogate",
           "Kettering", "Luton", "Crawley", "Basingstoke", "Dundee", "Paisley", "Swansea", "Wrexham",
           "Naas", "Athlone", "Tralee", "Ennis", "Navan", "Drogheda", "Letterkenny"],
}
ES_FEMALE = ["Lucía", "María", "Carmen", "Laura", "Marta", "Paula", "Elena", "Sara", "Irene", "Cristina", "Beatriz",
             "Rocío", "Inmaculada", "Remedios", "Begoña", "Ainhoa", "Itziar", "Nerea", "Maite", "Consuelo", "Pilar",
             "Dolores", "Amparo", "Encarnación", "Valentina", "Camila", "Ximena", "Yesenia", "Maricela", "Nuria"]
EN_US_TOWNS = set(PRIVATE_TOWNS["en"][:17])
ALL_PRIVATE_TOWNS = sorted({t for v in PRIVATE_TOWNS.values() for t in v})

# Public places: news, travel, weather, offices, venues. Never labelled by convention.
PUBLIC_PLACES = ["London", "New York", "Paris", "Berlin", "Madrid", "Barcelona", "Rome", "Roma", "Milan",
                 "Milano", "Naples", "Napoli", "Turin", "Torino", "Florence", "Firenze", "Venice", "Venezia",
                 "Bologna", "Lisbon", "Lisboa", "Porto", "Seville", "Sevilla", "Valencia", "Bilbao",
                 "Málaga", "Zaragoza", "Granada", "Toledo", "Salamanca", "Dublin", "Edinburgh",
                 "Manchester", "Amsterdam", "Brussels", "Vienna", "Munich", "Frankfurt", "Zurich",
                 "Geneva", "Tokyo", "Singapore", "Sydney", "Toronto", "Chicago", "San Francisco",
                 "Seattle", "Boston", "Ciudad de México", "Mexico City", "Buenos Aires", "Bogotá",
                 "Lima", "São Paulo", "Rio de Janeiro", "Nairobi", "Lagos", "Cairo", "Dubai", "Mumbai",
                 "Bangalore", "Cape Town", "Palermo", "Genova", "Trieste", "Verona", "Pisa", "Siena",
                 "Bari", "Cagliari", "Coimbra", "Funchal", "Córdoba", "Cádiz", "Santander", "Oviedo"]
COUNTRIES = {"en": ["Spain", "Italy", "Portugal", "Ireland", "United Kingdom", "USA", "Brazil", "Mexico"],
             "es": ["España", "México", "Colombia", "Perú", "Argentina", "Chile"],
             "it": ["Italia", "Svizzera"], "pt": ["Portugal", "Brasil"]}

STREETS = {
    "es": ["Calle de Alcalá", "Calle Mayor", "Avenida de la Constitución", "Calle del Pez",
           "Paseo de la Estación", "Calle Real", "Avenida de Andalucía", "Calle San Roque",
           "Carrer de la Riera", "Calle Cervantes", "Plaza de España", "Calle Doctor Fleming",
           "Avenida del Mediterráneo", "Calle Nueva", "Travesía de los Olivos"],
    "it": ["Via Roma", "Via Garibaldi", "Corso Vittorio Emanuele II", "Via dei Mille", "Via Manzoni",
           "Viale della Repubblica", "Via San Martino", "Piazza Cavour", "Via Mazzini", "Via delle Rose",
           "Via Aldo Moro", "Via Fratelli Cervi", "Vicolo del Pozzo", "Via Matteotti", "Viale Europa"],
    "pt": ["Rua da Liberdade", "Avenida da República", "Rua do Comércio", "Travessa das Flores",
           "Rua Cândido dos Reis", "Avenida Paulista", "Rua 25 de Abril", "Largo do Rossio"],
    "en": ["Maple Avenue", "Elm Street", "Station Road", "Church Lane", "High Street", "Victoria Road",
           "Oakwood Drive", "Mill Lane", "Park View", "Willow Court", "Cedar Close", "Lakeshore Blvd",
           "Orchard Way", "Kingfisher Crescent", "Riverside Terrace"],
}

# Multi-word phrases that contain pool tokens but do not refer to private persons
# (public figures, fiction, products, word uses). The audit masks these first.
NON_PERSON_PHRASES = [
    "Pedro Sánchez", "Giorgia Meloni", "Sergio Mattarella", "Lionel Messi", "Rafael Nadal",
    "Cristiano Ronaldo", "Carlo Ancelotti", "Valentino Rossi", "Taylor Swift", "Lewis Hamilton",
    "Gabriel García Márquez", "Miguel de Cervantes", "Dante Alighieri", "Fernando Pessoa",
    "Ada Lovelace", "Alan Turing", "Marie Curie", "Frida Kahlo", "Sherlock Holmes", "Harry Potter",
    "Don Quijote", "Sancho Panza", "Elizabeth Bennet", "Commissario Montalbano", "Jay Gatsby",
    "Max Mustermann", "Jane Doe", "John Doe", "Mario Rossi", "Jean Dupont", "Juan Pérez",
    "Fulano de Tal", "Costa Rica", "Costa Brava", "Costa del Sol", "Costa Smeralda", "Costa Coffee",
    "Grace period", "Hope you", "Frank feedback", "Rose Bowl", "Rose Garden", "Young Professionals",
    "Ivy League", "Hazel Grove", "Iris recognition", "Joy Division", "Luz verde", "Amelia Earhart",
    "Fisher Price", "Gustavo Petro", "Claudia Sheinbaum", "Lula da Silva", "Luís de Camões",
    "Marcelo Rebelo de Sousa", "Luis Suárez", "Pau Gasol", "Jannik Sinner", "Carlos Alcaraz",
    "Gianluigi Buffon", "Federico Fellini", "Giuseppe Verdi", "Giuseppe Garibaldi", "Antonio Gaudí",
    "Thomas Edison", "William Shakespeare", "Oliver Twist", "George Orwell", "Sophie Germain",
    "Charlie Chaplin", "Matteo Renzi", "Giovanni Falcone", "Francesco Totti", "Roberto Baggio",
    "Fernando Alonso", "Carmen Electra", "Bizet", "Cavour", "Vittorio Emanuele",
    "Aldo Moro", "Fratelli Cervi", "Doctor Fleming", "Diego Maradona", "Simone Biles",
    "Beatrice nel Paradiso", "Alfa Romeo Giulia", "Juan Pérez",
]

EXAMPLE_DOMAINS = ("example.com", "example.org", "example.net")


def name_tokens() -> set[str]:
    toks: set[str] = set()
    for n in GIVEN + SURNAMES:
        for t in re.findall(r"[^\W\d_]+", n):
            if len(t) >= 3:
                toks.add(t)
    return toks


NAME_TOKENS = name_tokens()


# ---------------------------------------------------------------- checksums
def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def luhn_complete(prefix: str, length: int, rng: random.Random) -> str:
    body = prefix + "".join(rng.choice(string.digits) for _ in range(length - len(prefix) - 1))
    for c in string.digits:
        if luhn_ok(body + c):
            return body + c
    raise AssertionError


def iban_ok(iban: str) -> bool:
    s = iban.replace(" ", "")
    s = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in s)) % 97 == 1


def iban_make(country: str, bban: str) -> str:
    s = bban + country + "00"
    check = 98 - int("".join(str(int(c, 36)) for c in s)) % 97
    return f"{country}{check:02d}{bban}"


def group4(s: str) -> str:
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4))


_CF_ODD = dict(zip("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                   [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20,
                    11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]))


def _cf_even(c: str) -> int:
    return int(c) if c.isdigit() else ord(c) - 65


def cf_check_char(body: str) -> str:
    total = sum(_CF_ODD[c] if i % 2 == 0 else _cf_even(c) for i, c in enumerate(body))
    return chr(65 + total % 26)


def it_cin(bban22: str) -> str:
    return cf_check_char(bban22)


DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def ccc_dc(digits10: str) -> str:
    w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]
    r = 11 - sum(int(d) * x for d, x in zip(digits10, w)) % 11
    return "1" if r == 10 else "0" if r == 11 else str(r)


def aba_ok(r: str) -> bool:
    w = [3, 7, 1] * 3
    return sum(int(d) * x for d, x in zip(r, w)) % 10 == 0


def pt_nif_check(d8: str) -> str:
    s = sum(int(d) * (9 - i) for i, d in enumerate(d8))
    c = 11 - s % 11
    return "0" if c >= 10 else str(c)


def cpf_checks(d9: str) -> str:
    def dv(ds: str) -> str:
        s = sum(int(d) * w for d, w in zip(ds, range(len(ds) + 1, 1, -1)))
        r = s * 10 % 11
        return "0" if r == 10 else str(r)
    a = dv(d9)
    return a + dv(d9 + a)


_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58check(payload: bytes) -> str:
    chk = hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    data = payload + chk
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = _B58[r] + out
    pad = len(data) - len(data.lstrip(b"\0"))
    return "1" * pad + out


_BECH = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _bech_polymod(values: list[int]) -> int:
    gen = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if (top >> i) & 1 else 0
    return chk


def bech32_address(prog: bytes) -> str:
    hrp = "bc"
    acc, bits, data = 0, 0, [0]
    for b in prog:
        acc = (acc << 8) | b
        bits += 8
        while bits >= 5:
            bits -= 5
            data.append((acc >> bits) & 31)
    if bits:
        data.append((acc << (5 - bits)) & 31)
    hrpx = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    pm = _bech_polymod(hrpx + data + [0] * 6) ^ 1
    chk = [(pm >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(_BECH[d] for d in data + chk)


def keccak256(data: bytes) -> bytes:
    rc: list[int] = []
    r = 1
    for _ in range(24):
        c = 0
        for j in range(7):
            r = ((r << 1) ^ ((r >> 7) * 0x71)) % 256
            if r & 2:
                c ^= 1 << ((1 << j) - 1)
        rc.append(c)
    rot = [[0, 36, 3, 41, 18], [1, 44, 10, 45, 2], [62, 6, 43, 15, 61], [28, 55, 25, 21, 56],
           [27, 20, 39, 8, 14]]
    mask = (1 << 64) - 1
    rate = 136
    msg = bytearray(data) + b"\x01"
    while len(msg) % rate:
        msg.append(0)
    msg[-1] |= 0x80
    st = [[0] * 5 for _ in range(5)]
    for off in range(0, len(msg), rate):
        for i in range(rate // 8):
            x, y = i % 5, i // 5
            st[x][y] ^= int.from_bytes(msg[off + 8 * i: off + 8 * i + 8], "little")
        for rnd in range(24):
            cc = [st[x][0] ^ st[x][1] ^ st[x][2] ^ st[x][3] ^ st[x][4] for x in range(5)]
            d = [cc[(x - 1) % 5] ^ (((cc[(x + 1) % 5] << 1) | (cc[(x + 1) % 5] >> 63)) & mask)
                 for x in range(5)]
            st = [[st[x][y] ^ d[x] for y in range(5)] for x in range(5)]
            b = [[0] * 5 for _ in range(5)]
            for x in range(5):
                for y in range(5):
                    n = rot[x][y]
                    v = st[x][y]
                    b[y][(2 * x + 3 * y) % 5] = ((v << n) | (v >> (64 - n))) & mask if n else v
            st = [[b[x][y] ^ ((~b[(x + 1) % 5][y]) & b[(x + 2) % 5][y]) for y in range(5)]
                  for x in range(5)]
            st[0][0] ^= rc[rnd]
    out = b"".join(st[i % 5][i // 5].to_bytes(8, "little") for i in range(4))
    return out


def eip55(addr_hex40: str) -> str:
    h = keccak256(addr_hex40.lower().encode()).hex()
    return "0x" + "".join(c.upper() if c.isalpha() and int(h[i], 16) >= 8 else c
                          for i, c in enumerate(addr_hex40.lower()))


assert keccak256(b"").hex() == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
assert eip55("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed") == "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"


# ---------------------------------------------------------------- value generators
class Gen:
    """Random realistic values; every checksummed value is built to pass its checksum."""

    def __init__(self, rng: random.Random, lang: str) -> None:
        self.r = rng
        self.lang = lang

    def pick(self, seq: Iterable[T]) -> T:
        return self.r.choice(list(seq))

    def digits(self, n: int) -> str:
        return "".join(self.r.choice(string.digits) for _ in range(n))

    def alnum(self, n: int, alphabet: str = string.ascii_letters + string.digits) -> str:
        return "".join(self.r.choice(alphabet) for _ in range(n))

    # people -----------------------------------------------------------
    def given(self, lang: str | None = None) -> str:
        lang = lang or self.lang
        if lang == "es" and self.r.random() < 0.75:
            return self.pick(ES_GIVEN)
        if lang == "it" and self.r.random() < 0.75:
            return self.pick(IT_GIVEN)
        if lang == "pt" and self.r.random() < 0.75:
            return self.pick(PT_GIVEN)
        return self.pick(GIVEN)

    def surname(self, lang: str | None = None) -> str:
        lang = lang or self.lang
        if lang == "es" and self.r.random() < 0.75:
            return self.pick(ES_SUR)
        if lang == "it" and self.r.random() < 0.75:
            return self.pick(IT_SUR)
        if lang == "pt" and self.r.random() < 0.75:
            return self.pick(PT_SUR)
        return self.pick(SURNAMES)

    def full(self, lang: str | None = None) -> str:
        lang = lang or self.lang
        if lang == "es" and self.r.random() < 0.5:
            return f"{self.given(lang)} {self.surname(lang)} {self.pick(ES_SUR)}"
        if lang == "pt" and self.r.random() < 0.4:
            return f"{self.given(lang)} {self.pick(PT_SUR)} {self.surname(lang)}"
        return f"{self.given(lang)} {self.surname(lang)}"

    def person(self) -> tuple[str, str]:
        g, s = self.given(), self.surname()
        return g, s

    def email_for(self, g: str, s: str, domain: str | None = None) -> str:
        def asc(x: str) -> str:
            import unicodedata
            x = unicodedata.normalize("NFKD", x).encode("ascii", "ignore").decode()
            return re.sub(r"[^a-z]", "", x.lower())
        dom = domain or self.pick(["gmail.com", "outlook.com", "yahoo.es", "libero.it", "hotmail.it",
                                   "gmx.net", "icloud.com", "sapo.pt", "proton.me", "telefonica.net",
                                   "virgilio.it", "uol.com.br", "btinternet.com", "eircom.net"])
        style = self.r.randrange(4)
        local = [f"{asc(g)}.{asc(s)}", f"{asc(g)[0]}{asc(s)}", f"{asc(s)}{asc(g)[:2]}{self.digits(2)}",
                 f"{asc(g)}_{asc(s)}{self.digits(2)}"][style]
        return f"{local}@{dom}"

    def work_domain(self) -> str:
        return self.pick(["brightvale-logistics.com", "norcastle.co.uk", "ferrotecnica.it",
                          "grupoalmenara.es", "tejo-seguros.pt", "quantara.io", "helixpay.com",
                          "consorziolaguna.it", "arenalsoft.es", "meridianhealth.org", "lumacorp.net",
                          "vantislegal.com", "cantierinord.it", "transportesrueda.es"])

    # places -----------------------------------------------------------
    def town(self, lang: str | None = None) -> str:
        return self.pick(PRIVATE_TOWNS[lang or self.lang])

    def address(self, lang: str | None = None, multiline: bool = False, country: bool = False) -> str:
        lang = lang or self.lang
        st = self.pick(STREETS[lang])
        town = self.town(lang)
        if lang == "pt":
            town = self.pick(PRIVATE_TOWNS["pt"][:13])
        n = self.r.randint(1, 220)
        sep = "\n" if multiline else ", "
        if lang == "es":
            a = f"{st}, {n}, {self.r.randint(1, 8)}º {self.pick('ABCD')}{sep}{self.r.randint(1, 52):02d}{self.digits(3)} {town}"
            c = "España"
        elif lang == "it":
            a = f"{st} {n}{sep}{self.r.randint(10, 98)}{self.digits(3)} {town} ({self.pick(['MI', 'BG', 'VA', 'TV', 'BO', 'NA', 'BA', 'PA', 'SS'])})"
            c = "Italia"
        elif lang == "pt":
            a = f"{st}, {n}{sep}{self.r.randint(1000, 9999)}-{self.digits(3)} {town}"
            c = "Portugal"
        else:
            if town in EN_US_TOWNS:
                a = f"{n} {st}{sep}{town}, {self.pick(['NJ', 'IL', 'TX', 'ID', 'MI', 'MT', 'NY', 'PA', 'OH', 'TN', 'NC', 'AZ'])} {self.r.randint(10000, 99999)}"
                c = "USA"
            elif town in PRIVATE_TOWNS["en"][-7:]:
                eir = f"{self.pick('ACDEFHKNPRTVWXY')}{self.r.randint(12, 98)} {self.alnum(4, 'ACDEFHKNPRTVWXY0123456789')}"
                a = f"{n} {st}{sep}{town}{sep}{eir}"
                c = "Ireland"
            else:
                a = f"{n} {st}{sep}{town}{sep}{self.pick('BCDLMNS')}{self.pick('ABDEHKLNOTW')}{self.r.randint(1, 20)} {self.r.randint(1, 9)}{self.pick('ABDEFGHJLNPQRSTUWXYZ')}{self.pick('ABDEFGHJLNPQRSTUWXYZ')}"
                c = "United Kingdom"
        return a + (sep + c if country else "")

    # contact ----------------------------------------------------------
    def phone(self, lang: str | None = None, intl: bool | None = None) -> str:
        lang = lang or self.lang
        intl = self.r.random() < 0.5 if intl is None else intl
        if lang == "es":
            if self.r.random() < 0.25:
                return f"{self.pick(['(+34) ', '0034 ', ''])}9{self.pick('1345')} {self.digits(3)} {self.digits(2)} {self.digits(2)}"
            core = f"{self.pick('67')}{self.digits(2)} {self.digits(3)} {self.digits(3)}"
            return f"+34 {core}" if intl else core
        if lang == "it":
            if self.r.random() < 0.25:
                return f"{self.pick(['+39 ', '0039 ', ''])}0{self.pick(['2', '6', '51', '81'])} {self.digits(7)}"
            core = f"3{self.pick('2345679')}{self.digits(1)} {self.digits(3)} {self.digits(4)}"
            return f"+39 {core}" if intl else core
        if lang == "pt":
            core = f"9{self.pick('1236')}{self.digits(1)} {self.digits(3)} {self.digits(3)}"
            return f"+351 {core}" if intl else core
        if self.r.random() < 0.5:
            area = self.pick(["201", "312", "415", "512", "617", "646", "720", "773", "206", "469"])
            ex = f"{self.r.randint(2, 9)}{self.digits(2)}"
            if ex == "555":
                ex = "556"
            return f"+1 ({area}) {ex}-{self.digits(4)}" if intl else f"({area}) {ex}-{self.digits(4)}"
        core = f"7{self.pick('45789')}{self.digits(2)} {self.digits(6)}"
        return f"+44 {core}" if intl else f"0{core}"

    # ids --------------------------------------------------------------
    def dni(self) -> str:
        n = self.r.randint(10_000_000, 79_999_999)
        return f"{n}{DNI_LETTERS[n % 23]}"

    def nie(self) -> str:
        p = self.pick("XYZ")
        n = self.r.randint(1_000_000, 9_999_999)
        return f"{p}{n:07d}{DNI_LETTERS[int(str('XYZ'.index(p)) + f'{n:07d}') % 23]}"

    def naf(self, sep: str = "/") -> str:
        prov = self.r.randint(1, 52)
        num = self.r.randint(10_000_000, 99_999_999)
        base = int(f"{prov:02d}{num}")
        return f"{prov:02d}{sep}{num}{sep}{base % 97:02d}"

    def ccc(self) -> str:
        ent = self.pick(["2100", "0049", "0182", "0081", "2038", "0128", "3058", "2085"])
        ofi = self.digits(4)
        acc = self.digits(10)
        return f"{ent}{ofi}{ccc_dc('00' + ent + ofi)}{ccc_dc(acc)}{acc}"

    def iban(self, country: str | None = None, spaced: bool | None = None) -> str:
        country = country or {"es": "ES", "it": "IT", "pt": "PT"}.get(self.lang, self.pick(["GB", "IE", "DE", "FR", "NL", "BE"]))
        if country == "ES":
            bban = self.ccc()
        elif country == "IT":
            rest = self.pick(["03069", "02008", "05034", "03062", "01030"]) + self.digits(5) + self.digits(12)
            bban = it_cin(rest) + rest
        elif country == "PT":
            b = self.pick(["0035", "0033", "0010", "0007", "0036"]) + self.digits(4) + self.digits(11)
            bban = b + f"{98 - int(b + '00') % 97:02d}"
        elif country == "GB":
            bban = self.pick(["BARC", "LOYD", "NWBK", "HBUK", "MIDL"]) + self.digits(14)
        elif country == "IE":
            bban = self.pick(["AIBK", "BOFI"]) + self.digits(14)
        elif country == "DE":
            bban = self.digits(18)
        elif country == "FR":
            bban = self.digits(10) + self.alnum(11, string.ascii_uppercase + string.digits) + self.digits(2)
        elif country == "NL":
            bban = self.pick(["INGB", "ABNA", "RABO"]) + self.digits(10)
        else:
            bban = self.digits(12)
        iban = iban_make(country, bban)
        if iban in ("DE89370400440532013000", "GB82WEST12345698765432"):
            return self.iban(country, spaced)
        spaced = self.r.random() < 0.5 if spaced is None else spaced
        return group4(iban) if spaced else iban

    def card(self, spaced: bool | None = None) -> str:
        kind = self.r.randrange(5)
        if kind == 0:
            num = luhn_complete("4" + self.digits(1), 16, self.r)
        elif kind == 1:
            num = luhn_complete(str(self.r.randint(51, 55)), 16, self.r)
        elif kind == 2:
            num = luhn_complete(str(self.r.randint(2221, 2720)), 16, self.r)
        elif kind == 3:
            num = luhn_complete(self.pick(["34", "37"]), 15, self.r)
        else:
            num = luhn_complete("6011", 16, self.r)
        if num in ("4111111111111111", "4242424242424242", "5555555555554444", "378282246310005"):
            return self.card(spaced)
        sep = self.pick([" ", "-", ""]) if spaced is None else (" " if spaced else "")
        if len(num) == 15:
            return sep.join([num[:4], num[4:10], num[10:]])
        return sep.join(num[i:i + 4] for i in range(0, 16, 4))

    def ssn(self) -> str:
        while True:
            a = self.r.randint(1, 899)
            if a != 666:
                break
        s = f"{a:03d}-{self.r.randint(1, 99):02d}-{self.r.randint(1, 9999):04d}"
        return s if s not in ("123-45-6789", "078-05-1120") else self.ssn()

    def nino(self) -> str:
        a = self.pick("ABCEGHJKLMNPRSTWXYZ")
        b = self.pick("ABCEGHJKLMNPRSTWXYZ")
        if a + b in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):
            return self.nino()
        d = self.digits(6)
        return f"{a}{b} {d[:2]} {d[2:4]} {d[4:]} {self.pick('ABCD')}" if self.r.random() < 0.5 else f"{a}{b}{d}{self.pick('ABCD')}"

    def codice_fiscale(self, surname: str, given: str, female: bool, y: int, m: int, d: int) -> str:
        import unicodedata

        def clean(x: str) -> str:
            return re.sub(r"[^A-Z]", "", unicodedata.normalize("NFKD", x).encode("ascii", "ignore").decode().upper())
        def cons(x: str) -> str: return "".join(c for c in x if c not in "AEIOU")
        def vow(x: str) -> str: return "".join(c for c in x if c in "AEIOU")
        s, g = clean(surname), clean(given)
        sp = (cons(s) + vow(s) + "XXX")[:3]
        gc = cons(g)
        gp = (gc[0] + gc[2] + gc[3]) if len(gc) >= 4 else (gc + vow(g) + "XXX")[:3]
        body = f"{sp}{gp}{y % 100:02d}{'ABCDEHLMPRST'[m - 1]}{d + (40 if female else 0):02d}"
        body += self.pick(["H501", "F205", "F839", "L219", "G273", "A944", "D612", "L736", "D969", "B157", "F704"])
        return body + cf_check_char(body)

    def nhs(self) -> str:
        while True:
            d9 = str(self.r.randint(4, 6)) + self.digits(8)
            c = 11 - sum(int(d) * (10 - i) for i, d in enumerate(d9)) % 11
            if c == 10:
                continue
            n = d9 + str(0 if c == 11 else c)
            return f"{n[:3]} {n[3:6]} {n[6:]}"

    def ppsn(self) -> str:
        d7 = self.digits(7)
        return d7 + "WABCDEFGHIJKLMNOPQRSTUV"[sum(int(d) * (8 - i) for i, d in enumerate(d7)) % 23]

    def niss(self) -> str:
        d10 = "1" + self.digits(9)
        w = [29, 23, 19, 17, 13, 11, 7, 5, 3, 2]
        return d10 + str(9 - sum(int(d) * x for d, x in zip(d10, w)) % 10)

    def pt_nif(self) -> str:
        d8 = self.pick("123") + self.digits(7)
        return d8 + pt_nif_check(d8)

    def cpf(self) -> str:
        d9 = self.digits(9)
        c = d9 + cpf_checks(d9)
        return f"{c[:3]}.{c[3:6]}.{c[6:9]}-{c[9:]}"

    def aba(self) -> str:
        while True:
            r = self.pick(["0210", "0260", "0110", "0720", "1210", "0710", "3222"]) + self.digits(5)
            if aba_ok(r):
                return r

    def passport(self, lang: str | None = None) -> str:
        lang = lang or self.lang
        if lang == "es":
            return self.alnum(3, string.ascii_uppercase) + self.digits(6)
        if lang == "it":
            return self.alnum(2, string.ascii_uppercase) + self.digits(7)
        if lang == "pt":
            return self.pick("CP") + self.digits(6)
        return str(self.r.randint(5, 6)) + self.digits(8)

    def dob(self, style: str = "eu") -> tuple[str, int, int, int]:
        y, m, d = self.r.randint(1950, 2003), self.r.randint(1, 12), self.r.randint(1, 28)
        if style == "iso":
            return f"{y}-{m:02d}-{d:02d}", y, m, d
        if style == "us":
            return f"{m:02d}/{d:02d}/{y}", y, m, d
        if style == "long_en":
            return f"{d} {['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][m - 1]} {y}", y, m, d
        if style == "long_es":
            return f"{d} de {['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'][m - 1]} de {y}", y, m, d
        if style == "long_it":
            return f"{d} {['gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre'][m - 1]} {y}", y, m, d
        return f"{d:02d}/{m:02d}/{y}", y, m, d

    # network ------------------------------------------------------------
    def public_ip(self) -> str:
        while True:
            ip = f"{self.pick([5, 31, 37, 46, 62, 77, 79, 81, 85, 88, 93, 151, 176, 178, 185, 188, 194, 195, 212, 213, 217, 83, 89, 95])}.{self.r.randint(0, 255)}.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}"
            if ipaddress.ip_address(ip).is_global:
                return ip

    def public_ip6(self) -> str:
        return f"2a0{self.r.randint(1, 9)}:{self.r.randint(0x1000, 0xffff):x}:{self.r.randint(0, 0xffff):x}:{self.r.randint(1, 0xffff):x}::{self.r.randint(1, 0xfff):x}"

    def private_ip(self) -> str:
        return self.pick([f"10.{self.r.randint(0, 255)}.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}",
                          f"192.168.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}",
                          f"172.{self.r.randint(16, 31)}.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}",
                          "127.0.0.1", "169.254.169.254", f"100.{self.r.randint(64, 127)}.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}",
                          f"192.0.2.{self.r.randint(1, 254)}", f"198.51.100.{self.r.randint(1, 254)}",
                          f"203.0.113.{self.r.randint(1, 254)}", "0.0.0.0", f"239.255.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}"])

    def mac(self) -> str:
        sep = self.pick([":", "-"])
        return sep.join(f"{self.r.randint(0, 255):02x}" for _ in range(6)).upper() if sep == "-" else \
            ":".join(f"{self.r.randint(0, 255):02x}" for _ in range(6))

    # secrets ------------------------------------------------------------
    def password(self) -> str:
        words = ["Verano", "Luna", "Tigre", "Sole", "Mare", "Falcon", "Orange", "Bosco", "Rayo", "Pietra",
                 "Cobalt", "Nuvem", "Gatto", "Trueno"]
        k = self.r.randrange(3)
        if k == 0:
            return f"{self.pick(words)}{self.digits(4)}{self.pick('!#$%&*?')}"
        if k == 1:
            return self.alnum(self.r.randint(14, 22), string.ascii_letters + string.digits + "!#%^*-_+")
        return f"{self.pick(words).lower()}_{self.pick(words)}{self.digits(2)}{self.pick('!.$')}{self.alnum(3)}"

    def api_key(self) -> str:
        k = self.r.randrange(11)
        a = string.ascii_letters + string.digits
        return [
            lambda: "ghp_" + self.alnum(36, a),
            lambda: f"xoxb-{self.digits(12)}-{self.digits(13)}-{self.alnum(24, a)}",
            lambda: "sk_live_" + self.alnum(32, a),
            lambda: "AKIA" + self.alnum(16, string.ascii_uppercase + "234567"),
            lambda: "AIza" + self.alnum(35, a + "-_"),
            lambda: "glpat-" + self.alnum(20, a + "-_"),
            lambda: f"SG.{self.alnum(22, a + '-_')}.{self.alnum(43, a + '-_')}",
            lambda: "npm_" + self.alnum(36, a),
            lambda: "hf_" + self.alnum(34, a),
            lambda: "sk-proj-" + self.alnum(48, a + "-_"),
            lambda: "sk-ant-api03-" + self.alnum(86, a + "-_") + "AA",
        ][k]()

    def slack_webhook(self) -> str:
        return f"https://hooks.slack.com/services/T{self.alnum(8, string.ascii_uppercase + string.digits)}/B{self.alnum(10, string.ascii_uppercase + string.digits)}/{self.alnum(24)}"

    def discord_webhook(self) -> str:
        return f"https://discord.com/api/webhooks/{self.digits(18)}/{self.alnum(68, string.ascii_letters + string.digits + '-_')}"

    def jwt(self) -> str:
        def b64(o: dict) -> str:
            return base64.urlsafe_b64encode(json.dumps(o, separators=(",", ":"), sort_keys=True).encode()).decode().rstrip("=")
        head = b64({"alg": self.pick(["HS256", "RS256"]), "typ": "JWT"})
        body = b64({"sub": self.digits(8), "iat": 1790000000 + self.r.randint(0, 9999999), "role": self.pick(["admin", "user", "ops"])})
        sig = base64.urlsafe_b64encode(bytes(self.r.randrange(256) for _ in range(32))).decode().rstrip("=")
        return f"{head}.{body}.{sig}"

    def hexs(self, n: int) -> str:
        return self.alnum(n, "0123456789abcdef")

    def private_key(self) -> str:
        kind = self.pick(["RSA PRIVATE KEY", "PRIVATE KEY", "OPENSSH PRIVATE KEY", "EC PRIVATE KEY"])
        b64a = string.ascii_letters + string.digits + "+/"
        first = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW" if "OPENSSH" in kind else ("MIIEpAIBAAKCAQEA" if kind.startswith("RSA") else "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC")
        lines = [first + self.alnum(64 - len(first), b64a)] + [self.alnum(64 if "OPENSSH" not in kind else 70, b64a) for _ in range(self.r.randint(4, 8))]
        lines.append(self.alnum(self.r.randint(10, 40), b64a) + "==")
        return f"-----BEGIN {kind}-----\n" + "\n".join(lines) + f"\n-----END {kind}-----"

    def conn_string(self, user: str | None = None) -> str:
        u = user or self.pick(["app", "svc_billing", "etl", "admin", "report_ro", "django"])
        pw = self.password().replace("@", "").replace("/", "").replace(";", "").replace(":", "").replace("#", "").replace("%", "").replace("?", "")
        host = self.pick(["db-prod-02.internal.lumacorp.net", "pg.eu-west-1.rds.amazonaws.com", "mongo1.arenalsoft.es",
                          "sql-fin.ferrotecnica.it", "10.20.4.11", "cluster0.x7kq2.mongodb.net", "redis-cache.helixpay.com"])
        k = self.r.randrange(6)
        if k == 0:
            return f"postgresql://{u}:{pw}@{host}:5432/{self.pick(['orders', 'crm', 'payroll'])}"
        if k == 1:
            return f"mongodb+srv://{u}:{pw}@{host}/{self.pick(['prod', 'analytics'])}?retryWrites=true&w=majority"
        if k == 2:
            return f"Server=tcp:{host},1433;Initial Catalog={self.pick(['Finance', 'HR'])};User ID={u};Password={pw};Encrypt=True;"
        if k == 3:
            return f"jdbc:mysql://{host}:3306/{self.pick(['shop', 'erp'])}?user={u}&password={pw}&useSSL=true"
        if k == 4:
            return f"redis://:{pw}@{host}:6379/0"
        return f"amqp://{u}:{pw}@{host}:5672/%2F"

    def btc(self) -> str:
        if self.r.random() < 0.5:
            return b58check(bytes([self.pick([0, 5])]) + bytes(self.r.randrange(256) for _ in range(20)))
        return bech32_address(bytes(self.r.randrange(256) for _ in range(20)))

    def eth(self) -> str:
        return eip55(self.hexs(40))

    def order_no(self) -> str:
        return self.pick([f"ORD-{self.digits(7)}", f"PO-{self.r.randint(2024, 2026)}-{self.digits(5)}",
                          f"INV-{self.digits(6)}", f"#{self.digits(8)}", f"TKT-{self.digits(5)}"])

    def uuid(self) -> str:
        h = self.hexs(32)
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{self.pick('89ab')}{h[17:20]}-{h[20:]}"

    def date(self) -> str:
        return f"{self.r.randint(1, 28):02d}/{self.r.randint(1, 12):02d}/{self.r.randint(2024, 2026)}"

    def time(self) -> str:
        return f"{self.r.randint(7, 19):02d}:{self.pick(['00', '05', '15', '30', '42', '45'])}"

    def money(self) -> str:
        return f"{self.r.randint(12, 98000):,}.{self.digits(2)}"


# ---------------------------------------------------------------- audit
_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_IPV4_RE = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3})(?![\d.])")
_DIGITRUN_RE = re.compile(r"(?<![\dA-Za-z])\d(?:[ -]?\d){12,18}(?![\dA-Za-z])")
_IBAN_RE = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){10,30}\b")
_WORD_RE = re.compile(r"[^\W\d_]+")


def _covered(spans: list[Span], s: int, e: int) -> bool:
    return any(sp.start <= s and e <= sp.end for sp in spans)


def _mask_public(text: str) -> str:
    for ph in NON_PERSON_PHRASES:
        text = re.sub(rf"(?<!\w){re.escape(ph)}(?!\w)", lambda m: "#" * len(m.group()), text)
    return text


def audit(text: str, spans: list[Span]) -> list[str]:
    """Things that look sensitive but sit outside every span."""
    problems: list[str] = []
    for m in _EMAIL_RE.finditer(text):
        dom = m.group().rsplit("@", 1)[1].lower()
        if dom in EXAMPLE_DOMAINS or dom.endswith(tuple("." + d for d in EXAMPLE_DOMAINS)):
            continue
        if not _covered(spans, m.start(), m.end()):
            problems.append(f"email {m.group()}")
    for m in _IPV4_RE.finditer(text):
        try:
            ip = ipaddress.ip_address(m.group(1))
        except ValueError:
            continue
        if ip.is_global and not ip.is_multicast and not _covered(spans, m.start(1), m.end(1)):
            problems.append(f"ip {m.group(1)}")
    for m in _DIGITRUN_RE.finditer(text):
        d = re.sub(r"\D", "", m.group())
        published = d in ("4111111111111111", "4242424242424242", "5555555555554444", "378282246310005")
        if 13 <= len(d) <= 19 and luhn_ok(d) and not published and not _covered(spans, m.start(), m.end()):
            problems.append(f"luhn {m.group()}")
    for m in _IBAN_RE.finditer(text):
        raw = m.group().replace(" ", "")
        for ln in range(len(raw), 14, -1):
            cand = raw[:ln]
            if iban_ok(cand) and cand not in ("DE89370400440532013000", "GB82WEST12345698765432"):
                if not _covered(spans, m.start(), m.start() + 1):
                    problems.append(f"iban {cand}")
                break
    masked = _mask_public(text)
    for m in _WORD_RE.finditer(masked):
        tok = m.group()
        if not tok[0].isupper():
            continue
        norm = tok if not tok.isupper() or len(tok) < 3 else tok.capitalize()
        if (tok in NAME_TOKENS or norm in NAME_TOKENS) and not _covered(spans, m.start(), m.end()):
            problems.append(f"name {tok}")
    for town in ALL_PRIVATE_TOWNS:
        for m in re.finditer(rf"(?<!\w){re.escape(town)}(?!\w)", text):
            if not _covered(spans, m.start(), m.end()):
                problems.append(f"town {town}")
    return problems


def hygiene(text: str, spans: list[Span]) -> list[str]:
    problems: list[str] = []
    prev_end = -1
    for sp in spans:
        v = text[sp.start:sp.end]
        if sp.start < prev_end:
            problems.append(f"overlap at {sp.start}")
        prev_end = sp.end
        if v != v.strip():
            problems.append(f"whitespace {v!r}")
        if sp.start > 0 and text[sp.start - 1].isalnum() and v[0].isalnum():
            problems.append(f"cuts word before {v!r}")
        if sp.end < len(text) and text[sp.end].isalnum() and v[-1].isalnum():
            problems.append(f"cuts word after {v!r}")
    return problems


# ---------------------------------------------------------------- registry
@dataclass
class Kind:
    name: str
    lang: str
    negative: bool
    fn: Callable[[Gen], str]
    count: int


KINDS: list[Kind] = []


def kind(lang: str, negative: bool = False, count: int = 6) -> Callable[[Callable[[Gen], str]], Callable[[Gen], str]]:
    def deco(fn: Callable[[Gen], str]) -> Callable[[Gen], str]:
        KINDS.append(Kind(fn.__name__, lang, negative, fn, count))
        return fn
    return deco


# ================================================================ ENGLISH positives
@kind("en")
def en_prompt_summarise_mail(g: Gen) -> str:
    gi, su = g.person()
    g2 = g.given()
    return (f"{g.pick(['Summarise this email in 3 bullets', 'can you summarize this for my manager', 'TL;DR this please'])}:\n\n"
            f"From: {P(gi + ' ' + su)} <{E(g.email_for(gi, su))}>\nSubject: {g.pick(['Re: contract renewal', 'missed delivery', 'Quote follow-up'])}\n\n"
            f"Hi {P(g2)},\nI called twice yesterday. You can reach me on {PH(g.phone('en'))} after 5pm. "
            f"Please send the paperwork to my home address, {LOC(g.address('en'))}.\n\nThanks,\n{P(gi)}")


@kind("en")
def en_slack_export(g: Gen) -> str:
    a, b = g.person(), g.person()
    t = g.time()
    return (f"[{t}] {P(a[0] + ' ' + a[1])}: prod deploy failing again, pasting the env\n"
            f"[{t}] {P(a[0] + ' ' + a[1])}: STRIPE_SECRET_KEY={KEY('sk_live_' + g.alnum(32))}\n"
            f"[{t}] {P(b[0] + ' ' + b[1])}: dude don't paste that in here, rotate it\n"
            f"[{t}] {P(b[0] + ' ' + b[1])}: also ping {P(g.given())} about the webhook")


@kind("en")
def en_env_file(g: Gen) -> str:
    return (f"# .env.production - {g.pick(['why does this not load?', 'fix this config', 'docker compose ignores it'])}\n"
            f"NODE_ENV=production\nPORT={g.pick(['3000', '8080'])}\nDATABASE_URL={CS(g.conn_string())}\n"
            f"GITHUB_TOKEN={KEY('ghp_' + g.alnum(36))}\nSESSION_SECRET={SEC(g.hexs(64))}\n"
            f"SMTP_PASSWORD={PW(g.password())}\nLOG_LEVEL=info\n")


@kind("en")
def en_k8s_secret(g: Gen) -> str:
    return (f"Why is my pod crashlooping? here's the manifest\n```yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: {g.pick(['billing', 'api', 'worker'])}-secrets\n"
            f"type: Opaque\nstringData:\n  DB_PASSWORD: \"{PW(g.password())}\"\n  REDIS_URL: \"{CS(g.conn_string())}\"\n"
            f"  SLACK_WEBHOOK: \"{KEY(g.slack_webhook())}\"\n```")


@kind("en")
def en_curl_bearer(g: Gen) -> str:
    return (f"this request returns 401, what am I doing wrong?\n\ncurl -X {g.pick(['GET', 'POST'])} https://api.helixpay.com/v2/{g.pick(['payouts', 'customers', 'refunds'])} \\\n"
            f"  -H 'Authorization: Bearer {JW(g.jwt())}' \\\n  -H 'Content-Type: application/json'")


@kind("en")
def en_hr_record(g: Gen) -> str:
    gi, su = g.person()
    d, *_ = g.dob(g.pick(["us", "long_en", "iso"]))
    return (f"Rewrite this onboarding record as a friendly welcome note:\n\nEmployee: {P(su + ', ' + gi)}\nDate of birth: {DOB(d)}\n"
            f"SSN: {NID(g.ssn())}\nHome address: {LOC(g.address('en'))}\nPersonal email: {E(g.email_for(gi, su))}\n"
            f"Start date: {g.date()}\nDepartment: {g.pick(['Finance', 'Logistics', 'Customer Care'])}")


@kind("en")
def en_payroll_csv(g: Gen) -> str:
    rows = ["employee_id,name,nino,sort_code,account_no,net_pay"]
    for _ in range(g.r.randint(3, 5)):
        rows.append(f"E{g.digits(5)},{P(g.full('en'))},{NID(g.nino().replace(' ', ''))},{BA(f'{g.digits(2)}-{g.digits(2)}-{g.digits(2)}')},{BA(g.digits(8))},{g.money().replace(',', '')}")
    return "Find duplicates in this payroll extract:\n" + "\n".join(rows)


@kind("en")
def en_wire_request(g: Gen) -> str:
    gi, su = g.person()
    return (f"Draft a polite reply confirming we received this:\n\n\"Please wire the refund to my account. Name on account: {P(gi + ' ' + su)}. "
            f"Routing number {BA(g.aba())}, account {BA(g.digits(g.r.randint(9, 12)))} at {g.pick(['Chase', 'Wells Fargo', 'US Bank'])}. "
            f"Call me at {PH(g.phone('en'))} if anything is missing.\"")


@kind("en")
def en_card_dispute(g: Gen) -> str:
    gi, su = g.person()
    return (f"Zendesk #{g.digits(6)} | Priority: High\nRequester: {P(gi + ' ' + su)} ({E(g.email_for(gi, su))})\n\n"
            f"I was charged twice on my card {CC(g.card())} exp {g.r.randint(1, 12):02d}/{g.r.randint(27, 31)}. "
            f"Order {g.order_no()} — please reverse one of them.\n\nAgent note: customer lives in {LOC(g.town('en'))}, verified by phone.")


@kind("en")
def en_teams_chat(g: Gen) -> str:
    a, b = g.full("en"), g.full("en")
    return (f"{P(a)} 10:{g.r.randint(10, 59)} AM\nCan you reset the VPN account for {P(g.full('en'))}? temp password is {PW(g.password())}\n"
            f"{P(b)} 10:{g.r.randint(10, 59)} AM\nsure. her laptop MAC is {MAC(g.mac())}, public IP {IP(g.public_ip())}\n"
            f"{P(a)} 10:{g.r.randint(10, 59)} AM\nthx")


@kind("en")
def en_medical_letter(g: Gen) -> str:
    gi, su = g.person()
    d, *_ = g.dob("long_en")
    cond = g.pick(["type 2 diabetes", "major depressive disorder", "epilepsy", "rheumatoid arthritis", "Crohn's disease", "hypertension", "asthma"])
    med = g.pick(["metformin", "sertraline", "levetiracetam", "methotrexate", "adalimumab", "amlodipine", "salbutamol"])
    return (f"Make this GP letter simpler for the HR file:\n\nRe: {P(gi + ' ' + su)}, DOB {DOB(d)}, NHS no. {MRN(g.nhs())}\n"
            f"Dear colleague, {P(gi)} has {MC(cond)} and currently takes {MED(med)} {g.pick(['500 mg twice daily', '50 mg once daily', '10 mg'])}. "
            f"A phased return to work is advised.\nDr {P(g.surname('en'))}")


@kind("en")
def en_sql_dump(g: Gen) -> str:
    vals = []
    for _ in range(g.r.randint(2, 4)):
        gi, su = g.person()
        vals.append(f"({g.digits(4)}, '{P(gi)}', '{P(su)}', '{E(g.email_for(gi, su))}', '{PH(g.phone('en'))}', '{LOC(g.town('en'))}')")
    return "optimise this insert:\nINSERT INTO customers (id, first_name, last_name, email, phone, city) VALUES\n" + ",\n".join(vals) + ";"


@kind("en")
def en_json_api_log(g: Gen) -> str:
    gi, su = g.person()
    return ("why is this 500ing?\n" + "{\n  \"ts\": \"2026-" + f"{g.r.randint(1, 12):02d}-{g.r.randint(10, 28)}T{g.time()}:11Z\",\n  \"client_ip\": \"{IP(g.public_ip())}\",\n"
            f"  \"user\": {{\"name\": \"{P(gi + ' ' + su)}\", \"email\": \"{E(g.email_for(gi, su))}\"}},\n  \"x-api-key\": \"{KEY(g.api_key())}\",\n  \"error\": \"upstream timeout\"\n}}")


@kind("en")
def en_ssh_key_help(g: Gen) -> str:
    return (f"git keeps asking for a passphrase, is this key broken?\n\n{PK(g.private_key())}\n\nI'm on {g.pick(['Ubuntu 24.04', 'macOS 15', 'WSL2'])}.")


@kind("en")
def en_insurance_claim(g: Gen) -> str:
    gi, su = g.person()
    d, *_ = g.dob("us")
    return (f"Fill the missing fields of this claim form from the notes.\n\nCLAIM FORM\nPolicyholder: {P(gi + ' ' + su)}\nDOB: {DOB(d)}\n"
            f"Policy #: POL-{g.digits(8)}\nAddress: {LOC(g.address('en'))}\nPhone: {PH(g.phone('en'))}\n"
            f"Injury: {MC(g.pick(['fractured wrist', 'torn ACL', 'whiplash', 'concussion']))}\nPrescribed: {MED(g.pick(['ibuprofen', 'tramadol', 'naproxen', 'codeine']))}")


@kind("en")
def en_shipping_label(g: Gen) -> str:
    gi, su = g.person()
    return (f"OCR from a parcel label, clean it up:\n\nSHIP TO:\n{P((gi + ' ' + su).upper())}\n{LOC(g.address('en', multiline=True).upper())}\n"
            f"TEL {PH(g.phone('en'))}\nTRACKING 1Z{g.alnum(16, string.ascii_uppercase + string.digits)}\nWT 2.{g.digits(1)} KG")


@kind("en")
def en_cv(g: Gen) -> str:
    gi, su = g.person()
    return (f"Improve the wording of my CV header:\n\n{P(gi + ' ' + su)}\n{LOC(g.address('en'))} | {PH(g.phone('en'))} | {E(g.email_for(gi, su))}\n"
            f"linkedin.com/in/{gi.lower()[:3]}{g.digits(3)}\n\nPROFILE\nData analyst with {g.r.randint(3, 12)} years in {g.pick(['retail', 'logistics', 'fintech'])}.")


@kind("en")
def en_classified_memo(g: Gen) -> str:
    mark = g.pick(["CONFIDENTIAL", "STRICTLY CONFIDENTIAL", "TLP:AMBER", "INTERNAL USE ONLY", "SECRET"])
    return (f"{CM(mark)}\n\nMemo: Project {g.pick(['Heron', 'Atlas', 'Quill'])} acquisition timeline\nThe board approves the offer of EUR {g.r.randint(40, 900)}m on {g.date()}.\n"
            f"Contact {P(g.full('en'))} for the data room.\n\n{CM(mark)}\n\nCan you turn this into 5 slides?")


@kind("en")
def en_meeting_transcript(g: Gen) -> str:
    a, b, c = g.given(), g.given(), g.full("en")
    return (f"Summarise action items:\n\n{P(a)}: ok so the vendor still hasn't paid.\n{P(b)}: I emailed {P(c)} again, {E(g.email_for(*c.split()[:2], g.work_domain()))}.\n"
            f"{P(a)}: and the refund goes to {IB(g.iban(g.pick(['GB', 'IE', 'DE', 'NL'])))}?\n{P(b)}: yes, confirmed on the call.")


@kind("en")
def en_crypto_payment(g: Gen) -> str:
    return (f"Translate into Spanish for the supplier:\nPlease send the {g.pick(['USDT', 'BTC', 'ETH'])} payment to {CR(g.pick([g.btc(), g.eth()]))} "
            f"before Friday, and confirm to {P(g.given())}.")


@kind("en")
def en_github_actions(g: Gen) -> str:
    return (f"CI fails at deploy step:\n```yaml\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    env:\n      AWS_ACCESS_KEY_ID: {KEY('AKIA' + g.alnum(16, string.ascii_uppercase + '234567'))}\n"
            f"      AWS_SECRET_ACCESS_KEY: {KEY(g.alnum(40, string.ascii_letters + string.digits + '/+'))}\n      AWS_REGION: eu-west-1\n    steps:\n      - uses: actions/checkout@v4\n```")


@kind("en")
def en_shell_history(g: Gen) -> str:
    return (f"explain what I did here:\n$ ssh deploy@{IP(g.public_ip())}\n$ export PGPASSWORD='{PW(g.password())}'\n$ psql -h {g.private_ip()} -U app orders\n"
            f"$ git clone {CS('https://oauth2:' + 'glpat-' + g.alnum(20) + '@gitlab.lumacorp.net/ops/infra.git')}\n$ history | tail")


@kind("en")
def en_whatsapp(g: Gen) -> str:
    a, b = g.given(), g.given()
    return (f"[{g.date()}, {g.time()}] {P(a)}: mum's new number is {PH(g.phone('en', True))}\n[{g.date()}, {g.time()}] {P(b)}: ok. is she still at {LOC(g.address('en'))}?\n"
            f"[{g.date()}, {g.time()}] {P(a)}: yes. her passport no is {NID(g.passport('en'))} for the visa form\nwhat should I write in the visa form?")


@kind("en")
def en_servicenow(g: Gen) -> str:
    gi, su = g.person()
    return (f"INC{g.digits(7)} | State: In Progress\nCaller: {P(su + ', ' + gi)}\nShort description: Cannot access payroll portal\n"
            f"Work notes: user shared password {PW(g.password())} over the phone (!). Device {MAC(g.mac())}. Reset done.\n\nrewrite the work notes professionally")


@kind("en")
def en_invoice(g: Gen) -> str:
    return (f"Extract the fields as JSON:\n\nINVOICE {g.order_no()}\nBill to: {P(g.full('en'))}\n{LOC(g.address('en', multiline=True, country=True))}\n"
            f"Amount due: GBP {g.money()}\nPay to: {IB(g.iban('GB'))}\nVAT reg GB{g.digits(9)}")


@kind("en")
def en_dsn_python(g: Gen) -> str:
    return (f"refactor this:\n```python\nimport psycopg2\nconn = psycopg2.connect(\"{CS(g.conn_string())}\")\n"
            f"openai_key = \"{KEY(g.api_key())}\"\nSECRET_KEY = '{SEC(g.alnum(50, string.ascii_letters + string.digits + '!@#%^&*(-_=+)'))}'\n```")


@kind("en")
def en_irish_tenant(g: Gen) -> str:
    gi, su = g.person()
    town = g.pick(PRIVATE_TOWNS["en"][-7:])
    county = g.pick(['Kildare', 'Westmeath', 'Kerry', 'Clare', 'Meath', 'Louth', 'Donegal'])
    street = g.pick(STREETS['en'])
    addr = f"{g.r.randint(1, 90)} {street}, {town}, Co. {county}"
    return (f"Check this tenancy note for errors:\nTenant {P(gi + ' ' + su)}, {LOC(addr)}. "
            f"PPS on file: {NID(g.ppsn())}. Contact {PH('+353 8' + g.pick('3567') + ' ' + g.digits(3) + ' ' + g.digits(4))}.")


@kind("en")
def en_discord_leak(g: Gen) -> str:
    return (f"**{g.pick(['nightowl', 'pixel_ops', 'bytebard'])}** — Today at {g.time()}\nbot stopped posting, here's the config:\n"
            f"webhook_url = \"{KEY(g.discord_webhook())}\"\nbot_token = \"{KEY(g.alnum(24) + '.' + g.alnum(6) + '.' + g.alnum(38, string.ascii_letters + string.digits + '-_'))}\"")


@kind("en")
def en_patient_portal(g: Gen) -> str:
    gi, su = g.person()
    return (f"Patient: {P(gi + ' ' + su)}   MRN: {MRN('MRN-' + g.digits(7))}\nDx: {MC(g.pick(['atrial fibrillation', 'hypothyroidism', 'COPD', 'bipolar disorder', 'migraine']))}\n"
            f"Rx: {MED(g.pick(['apixaban', 'levothyroxine', 'tiotropium', 'lithium carbonate', 'sumatriptan']))} | Follow-up in 6 weeks\n\nexplain this discharge summary in plain English")


@kind("en")
def en_travel_booking(g: Gen) -> str:
    gi, su = g.person()
    return (f"Add to my calendar:\nBooking ref {g.alnum(6, string.ascii_uppercase)}\nPassenger: {P(su.upper() + '/' + gi.upper())} MR\nPassport: {NID(g.passport('en'))}\n"
            f"DOB: {DOB(g.dob('long_en')[0])}\nFlight {g.pick(['IB3167', 'FR1234', 'AZ609'])} Dublin → Madrid, seat 14C\nMobile: {PH(g.phone('en', True))}")


# ================================================================ ENGLISH negatives
@kind("en", negative=True, count=7)
def en_neg_news_weather(g: Gen) -> str:
    a, b, c = g.r.sample(PUBLIC_PLACES, 3)
    return (f"Summarise this forecast for our newsletter: Heavy rain is expected across {a} on {g.pick(['Tuesday', 'Thursday', 'Saturday'])}, "
            f"with {g.r.randint(20, 80)} mm possible by evening. Temperatures in {b} will reach {g.r.randint(18, 39)}°C while {c} stays dry. "
            f"Flights via {g.pick(PUBLIC_PLACES)} may be delayed.")


@kind("en", negative=True, count=7)
def en_neg_sports(g: Gen) -> str:
    who = g.pick(["Lionel Messi", "Rafael Nadal", "Lewis Hamilton", "Jannik Sinner", "Carlos Alcaraz", "Simone Biles", "Cristiano Ronaldo"])
    return (f"Write a tweet about this: {who} {g.pick(['won again', 'withdrew with an injury', 'signed a new deal'])} in {g.pick(PUBLIC_PLACES)} on Sunday, "
            f"{g.r.randint(1, 7)}-{g.r.randint(0, 6)}. Fans travelled from {g.pick(PUBLIC_PLACES)} and {g.pick(PUBLIC_PLACES)}; attendance was {g.r.randint(20000, 90000):,}.")


@kind("en", negative=True, count=7)
def en_neg_placeholder_code(g: Gen) -> str:
    return (f"Is this safe to commit?\n```python\nimport os\nAPI_KEY = os.environ.get(\"API_KEY\", \"<API_KEY>\")\nDB_PASSWORD = \"${{DB_PASSWORD}}\"\n"
            f"SMTP_PASS = \"{g.pick(['changeme', 'YOUR_PASSWORD_HERE', 'xxxxxxxx', '********'])}\"\nAWS_ACCESS_KEY_ID = \"AKIAIOSFODNN7EXAMPLE\"\n"
            f"AWS_SECRET_ACCESS_KEY = \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"\nTIMEOUT = {g.r.randint(5, 60)}\n```")


@kind("en", negative=True, count=7)
def en_neg_test_cards_doc(g: Gen) -> str:
    return (f"From our payments sandbox docs (v{g.r.randint(2, 9)}.{g.r.randint(0, 20)}):\n| Card | Result |\n|---|---|\n| 4242 4242 4242 4242 | success |\n"
            f"| 4111 1111 1111 1111 | success |\n| 5555 5555 5555 4444 | 3DS required |\n| 378282246310005 | declined |\n"
            f"Use any future expiry and any CVC. Test IBAN: DE89370400440532013000. Explain the table to a new QA engineer.")


@kind("en", negative=True, count=7)
def en_neg_office_locations(g: Gen) -> str:
    a, b, c = g.r.sample(PUBLIC_PLACES, 3)
    return (f"Polish this 'About us' paragraph: Founded in {g.r.randint(1960, 2019)}, we have offices in {a}, {b} and {c}, and a support hub "
            f"serving the {g.pick(['Europe/Madrid', 'Europe/Rome', 'America/New_York'])} timezone. Our services run in {g.pick(['eu-west-1', 'europe-southwest1', 'westeurope'])} "
            f"and {g.pick(['us-east-2', 'eu-south-1', 'northeurope'])}. Join us at {g.pick(['Web Summit', 'MWC', 'KubeCon'])} in {g.pick(PUBLIC_PLACES)}!")


@kind("en", negative=True, count=7)
def en_neg_uuid_logs(g: Gen) -> str:
    lines = []
    for _ in range(4):
        lines.append(f"2026-{g.r.randint(1, 12):02d}-{g.r.randint(10, 28)} {g.time()}:{g.digits(2)} INFO req={g.uuid()} src={g.private_ip()} sha={g.hexs(40)} order={g.order_no()} {g.r.randint(12, 900)}ms")
    return "Why is latency spiking?\n" + "\n".join(lines)


@kind("en", negative=True, count=7)
def en_neg_blank_form(g: Gen) -> str:
    return (f"Translate this template to Italian, keep the placeholders:\n\nDear [Name],\nYour account ending in ****{g.digits(4)} was updated on {{{{date}}}}.\n"
            f"Name: ______________  Date of birth: __/__/____\nIBAN: {{{{iban}}}}\nSigned: Jane Doe (sample)\nReference: {g.order_no()}")


@kind("en", negative=True, count=7)
def en_neg_fiction(g: Gen) -> str:
    who = g.pick(["Sherlock Holmes", "Elizabeth Bennet", "Jay Gatsby", "Harry Potter", "Oliver Twist"])
    return (f"Give me 3 essay prompts about this passage: In the novel, {who} travels from {g.pick(PUBLIC_PLACES)} to {g.pick(PUBLIC_PLACES)} "
            f"and meets a stranger who claims to know the truth about the missing letters. Chapter {g.r.randint(2, 30)} ends in a storm.")


@kind("en", negative=True, count=7)
def en_neg_health_article(g: Gen) -> str:
    cond = g.pick(["type 2 diabetes", "hypertension", "asthma", "migraine", "depression"])
    med = g.pick(["metformin", "amlodipine", "salbutamol", "sumatriptan", "sertraline"])
    return (f"Make this blog post shorter: About {g.r.randint(5, 15)}% of adults live with {cond}. Doctors often prescribe {med}, "
            f"but lifestyle changes matter too. A {g.r.randint(2018, 2025)} study from a hospital in {g.pick(PUBLIC_PLACES)} followed {g.r.randint(400, 9000)} patients.")


@kind("en", negative=True, count=7)
def en_neg_policy_confidential(g: Gen) -> str:
    return (f"Simplify this policy: Employees must not share confidential information with external AI tools. Documents labelled 'Confidential' or "
            f"'Internal' must be stored in the approved workspace. Violations are reviewed within {g.r.randint(5, 30)} business days (policy {g.pick(['SEC', 'HR', 'IT'])}-{g.digits(3)}).")


@kind("en", negative=True, count=7)
def en_neg_masked(g: Gen) -> str:
    return (f"Customer says the refund went to the wrong card. Our system shows card **** **** **** {g.digits(4)}, IBAN GB** **** **** **** **{g.digits(2)} {g.digits(2)}, "
            f"phone +44 7*** ***{g.digits(3)}, e-mail j***@***.com. Ticket TKT-{g.digits(6)}. What should I ask next?")


@kind("en", negative=True, count=7)
def en_neg_docker_compose(g: Gen) -> str:
    return (f"Why can't the app reach the db?\n```yaml\nservices:\n  db:\n    image: postgres:{g.r.randint(13, 17)}\n    environment:\n      POSTGRES_PASSWORD: ${{POSTGRES_PASSWORD}}\n"
            f"  app:\n    build: .\n    environment:\n      DATABASE_URL: postgres://app:${{POSTGRES_PASSWORD}}@db:5432/app\n    ports:\n      - \"{g.r.randint(3000, 9000)}:8080\"\n    extra_hosts:\n      - \"metadata:{g.private_ip()}\"\n```")


@kind("en", negative=True, count=7)
def en_neg_history(g: Gen) -> str:
    who = g.pick(["Ada Lovelace", "Alan Turing", "Marie Curie", "Thomas Edison", "William Shakespeare", "Amelia Earhart"])
    return (f"Fact-check: {who} visited {g.pick(PUBLIC_PLACES)} in {g.r.randint(1830, 1950)} and later lectured in {g.pick(PUBLIC_PLACES)}. "
            f"The museum there now holds {g.r.randint(20, 400)} letters.")


@kind("en", negative=True, count=7)
def en_neg_product_names(g: Gen) -> str:
    return (f"Rewrite this release note: {g.pick(['Hope you enjoy', 'Frank feedback from beta users shaped'])} release {g.r.randint(3, 9)}.{g.r.randint(0, 9)}. "
            f"The Grace period for renewals is now {g.r.randint(7, 30)} days. Integrations with Jira, Alexa and Siri are improved, "
            f"and the Ivy League pilot ends in {g.pick(['May', 'June', 'October'])}.")


@kind("en", negative=True, count=7)
def en_neg_tourism_landmarks(g: Gen) -> str:
    lm = g.pick(["British Museum, Great Russell Street, London WC1B 3DG", "Museo del Prado, Paseo del Prado s/n, 28014 Madrid",
                 "Galleria degli Uffizi, Piazzale degli Uffizi 6, 50122 Firenze", "Sagrada Família, Carrer de Mallorca 401, 08013 Barcelona",
                 "Torre de Belém, Avenida Brasília, 1400-038 Lisboa", "Colosseo, Piazza del Colosseo 1, 00184 Roma"])
    return (f"Plan a {g.r.randint(1, 4)}-day itinerary. Must see: {lm}. Opens at {g.time()}, tickets about EUR {g.r.randint(12, 30)}. "
            f"Then take the train to {g.pick(PUBLIC_PLACES)}.")


@kind("en", negative=True, count=7)
def en_neg_example_emails(g: Gen) -> str:
    return (f"Write a regex that matches these but not internal hosts:\nalice@example.com\nbob.smith@example.org\nsupport+{g.digits(3)}@example.net\n"
            f"http://{g.private_ip()}:8080/health\nhttp://localhost:{g.r.randint(3000, 9000)}")


@kind("en", negative=True, count=7)
def en_neg_finance_public(g: Gen) -> str:
    return (f"Summarise: Shares of Prada rose {g.r.randint(1, 9)}.{g.digits(1)}% in {g.pick(PUBLIC_PLACES)} after Armani and Benetton reported Q{g.r.randint(1, 4)} results. "
            f"Analysts in {g.pick(PUBLIC_PLACES)} expect revenue of EUR {g.r.randint(1, 9)}.{g.digits(1)}bn. Ticker PRDSY closed at {g.r.randint(20, 80)}.{g.digits(2)}.")


@kind("en", negative=True, count=7)
def en_neg_terraform(g: Gen) -> str:
    return (f"Review this terraform:\n```hcl\nprovider \"aws\" {{\n  region = \"{g.pick(['eu-west-1', 'eu-south-2', 'us-east-1'])}\"\n}}\nresource \"aws_db_instance\" \"main\" {{\n"
            f"  identifier = \"orders-{g.digits(3)}\"\n  username   = \"app\"\n  password   = var.db_password\n  instance_class = \"db.t3.{g.pick(['micro', 'medium'])}\"\n}}\n"
            f"variable \"db_password\" {{ sensitive = true }}\n```")


@kind("en", negative=True, count=7)
def en_neg_hashes(g: Gen) -> str:
    return (f"Which of these is SHA-256?\n{g.hexs(32)}\n{g.hexs(40)}\n{g.hexs(64)}\nAlso the commit {g.hexs(7)} and build {g.uuid()}.")


@kind("en", negative=True, count=7)
def en_neg_conference(g: Gen) -> str:
    return (f"Draft an invite: Our annual partner summit takes place at the {g.pick(['Palacio de Congresos', 'Lingotto Conference Centre', 'Centro de Congressos', 'ExCeL'])} "
            f"in {g.pick(PUBLIC_PLACES)} on {g.r.randint(1, 28)} {g.pick(['March', 'May', 'October'])}. Keynotes start at {g.time()} CET. "
            f"Hotel blocks are available near {g.pick(PUBLIC_PLACES)} station.")


@kind("en", negative=True, count=7)
def en_neg_private_ips(g: Gen) -> str:
    return (f"Firewall rules, is this OK?\nallow from {g.private_ip()} to {g.private_ip()} port 5432\nallow from 10.0.0.0/8\ndeny from 0.0.0.0/0\n"
            f"metadata: 169.254.169.254\ngateway {g.private_ip()}  mtu 1500  mac ff:ff:ff:ff:ff:ff")


@kind("en", negative=True, count=7)
def en_neg_public_figures(g: Gen) -> str:
    who = g.pick(["Pedro Sánchez", "Giorgia Meloni", "Sergio Mattarella", "Claudia Sheinbaum", "Gustavo Petro"])
    return (f"Translate to English and keep it neutral: {who} met business leaders in {g.pick(PUBLIC_PLACES)} on {g.pick(['Monday', 'Wednesday', 'Friday'])} "
            f"to discuss energy prices and a {g.r.randint(2, 20)} billion investment plan.")


@kind("en", negative=True, count=7)
def en_neg_jira_generic(g: Gen) -> str:
    return (f"PROJ-{g.digits(4)}: Checkout button misaligned on Safari {g.r.randint(15, 18)}\nReporter: QA bot\nSteps: open /cart, add {g.r.randint(1, 5)} items, click Pay.\n"
            f"Expected: modal. Actual: 404 on /api/v{g.r.randint(1, 3)}/session/{g.uuid()}\nwrite acceptance criteria")


@kind("en", negative=True, count=7)
def en_neg_vat_invoice_numbers(g: Gen) -> str:
    return (f"Reconcile: invoice INV-{g.digits(6)} (VAT ESB{g.digits(8)}), invoice INV-{g.digits(6)} (VAT IT{g.digits(11)}), "
            f"PO-{g.digits(5)}, tracking 1Z{g.alnum(16, string.ascii_uppercase + string.digits)}. Totals EUR {g.money()} vs EUR {g.money()}.")


@kind("en", negative=True, count=7)
def en_neg_published_ssn(g: Gen) -> str:
    return (f"Our validation test suite uses 123-45-6789 as an invalid SSN and 000-00-0000 as empty. Write {g.r.randint(3, 8)} more unit tests "
            f"for the formatter, including 9-digit strings like {g.pick(['999-99-9999', '000-12-3456', '666-00-1234'])}.")


# ================================================================ SPANISH
@kind("es")
def es_resumir_correo(g: Gen) -> str:
    gi, su = g.given(), g.surname()
    return (f"Resúmeme este correo en dos líneas:\n\nDe: {P(gi + ' ' + su)} <{E(g.email_for(gi, su))}>\nAsunto: {g.pick(['Reclamación factura', 'Cambio de domicilio', 'Baja médica'])}\n\n"
            f"Buenos días {P(g.given())}:\nLes escribo porque me he mudado a {LOC(g.address('es'))}. Mi DNI es {NID(g.dni())} y mi móvil {PH(g.phone('es'))}.\n"
            f"Un saludo,\n{P(gi)}")


@kind("es")
def es_nomina(g: Gen) -> str:
    n = g.full("es")
    return (f"Revisa si esta nómina está bien calculada:\n\nTRABAJADOR: {P(n.upper())}\nNIF: {NID(g.dni())}\nNº AFILIACIÓN S.S.: {NID(g.naf(g.pick(['/', ' ', ''])))}\n"
            f"Fecha de nacimiento: {DOB(g.dob()[0])}\nIBAN: {IB(g.iban('ES'))}\nLíquido a percibir: {g.money()} €")


@kind("es")
def es_whatsapp_grupo(g: Gen) -> str:
    a, b = g.given(), g.given()
    return (f"[{g.date()} {g.time()}] {P(a)}: chicos, os paso la cuenta para el regalo de {P(g.given())}: {IB(g.iban('ES'))}\n"
            f"[{g.date()} {g.time()}] {P(b)}: hecho! Bizum también a {PH(g.phone('es'))}?\n[{g.date()} {g.time()}] {P(a)}: sí 👍\n\n¿Me haces un resumen de quién ha pagado?")


@kind("es")
def es_ticket_soporte(g: Gen) -> str:
    gi, su = g.given(), g.surname()
    return (f"Ticket #{g.digits(6)} – Prioridad alta\nCliente: {P(su + ', ' + gi)}\nCorreo: {E(g.email_for(gi, su))}\n"
            f"Descripción: no puedo entrar, la contraseña que me disteis era {PW(g.password())} y ya no funciona. Vivo en {LOC(g.town('es'))}.\n\n"
            f"Redacta una respuesta amable.")


@kind("es")
def es_informe_medico(g: Gen) -> str:
    n = g.full("es")
    return (f"Explícame este informe con palabras sencillas:\n\nPaciente: {P(n)}   NHC: {MRN(g.digits(7))}\nFecha nac.: {DOB(g.dob()[0])}\n"
            f"Juicio clínico: {MC(g.pick(['diabetes mellitus tipo 2', 'hipotiroidismo', 'fibrilación auricular', 'trastorno de ansiedad generalizada', 'EPOC']))}\n"
            f"Tratamiento: {MED(g.pick(['metformina', 'levotiroxina', 'apixabán', 'escitalopram', 'tiotropio']))} {g.pick(['850 mg/12h', '50 mcg/día', '5 mg/12h', '10 mg/día'])}")


@kind("es")
def es_env_config(g: Gen) -> str:
    return (f"Arréglame este fichero, el contenedor no arranca:\n\nDB_URL={CS(g.conn_string())}\nSENDGRID_API_KEY={KEY('SG.' + g.alnum(22) + '.' + g.alnum(43))}\n"
            f"JWT_SECRET={SEC(g.alnum(48))}\nADMIN_PASS={PW(g.password())}\nTZ=Europe/Madrid")


@kind("es")
def es_csv_clientes(g: Gen) -> str:
    rows = ["id;nombre;apellidos;dni;telefono;localidad"]
    for _ in range(g.r.randint(3, 5)):
        rows.append(f"{g.digits(4)};{P(g.given())};{P(g.surname() + ' ' + g.pick(ES_SUR))};{NID(g.pick([g.dni(), g.nie()]))};{PH(g.phone('es', False))};{LOC(g.town('es'))}")
    return "Pásame esto a una tabla markdown:\n" + "\n".join(rows)


@kind("es")
def es_contrato_alquiler(g: Gen) -> str:
    a, b = g.full("es"), f"{g.pick(ES_FEMALE)} {g.pick(ES_SUR)} {g.pick(ES_SUR)}"
    return (f"Revisa esta cláusula del contrato:\n\nREUNIDOS: de una parte D. {P(a)}, con DNI {NID(g.dni())}, y de otra Dña. {P(b)}, con NIE {NID(g.nie())}, "
            f"domiciliada en {LOC(g.address('es'))}. La renta se abonará en la cuenta {BA(g.ccc())}.")


@kind("es")
def es_tarjeta_reclamacion(g: Gen) -> str:
    gi, su = g.given(), g.surname()
    return (f"Traduce al inglés para el banco:\n«Me han cobrado dos veces en la tarjeta {CC(g.card())}. Soy {P(gi + ' ' + su)}, "
            f"teléfono {PH(g.phone('es', True))}. Adjunto el extracto.»")


@kind("es")
def es_slack_devops(g: Gen) -> str:
    a, b = g.given(), g.given()
    return (f"{P(a)} [{g.time()}]\nos dejo el token de gitlab para el pipeline: {KEY('glpat-' + g.alnum(20))}\n{P(b)} [{g.time()}]\n"
            f"y el servidor de staging es {IP(g.public_ip())}, usuario deploy / {PW(g.password())}\n{P(a)} [{g.time()}]\ngracias, lo borro luego")


@kind("es")
def es_baja_laboral(g: Gen) -> str:
    n = f"{g.pick(ES_FEMALE)} {g.surname()}"
    return (f"Redacta un correo a RRHH con esto: la trabajadora {P(n)} (NAF {NID(g.naf())}) está de baja por {MC(g.pick(['hernia discal', 'depresión', 'cáncer de mama', 'esguince de tobillo']))} "
            f"y toma {MED(g.pick(['tramadol', 'sertralina', 'tamoxifeno', 'ibuprofeno']))}. Su teléfono es {PH(g.phone('es'))}.")


@kind("es")
def es_formulario_ocr(g: Gen) -> str:
    n = g.full("es")
    return (f"Texto escaneado, corrige los errores de OCR:\n\nNOMBRE Y APELLlDOS: {P(n.upper())}\nD.N.I.: {NID(g.dni())}\nDOMlClLIO: {LOC(g.address('es', multiline=False).upper())}\n"
            f"FECHA DE NAClMIENTO: {DOB(g.dob()[0])}\nFlRMA: ___________")


@kind("es")
def es_latam_transferencia(g: Gen) -> str:
    gi = g.given("es")
    su = g.pick(["Quispe", "Mamani", "Huamán", "Condori", "Restrepo", "Ospina", "Zapata", "Cárdenas"])
    return (f"¿Me ayudas a escribir esto formal? \"Hola, soy {P(gi + ' ' + su)}, te paso mis datos para el pago: {IB(g.iban('ES'))}, "
            f"correo {E(g.email_for(gi, su))}. Estoy en {LOC(g.town('es'))} hasta marzo.\"")


@kind("es")
def es_confidencial(g: Gen) -> str:
    mark = g.pick(["CONFIDENCIAL", "USO INTERNO – CONFIDENCIAL", "DIFUSIÓN LIMITADA", "ESTRICTAMENTE CONFIDENCIAL"])
    return (f"{CM(mark)}\nActa del comité de dirección – {g.date()}\nSe aprueba el despido de {P(g.full('es'))} con efectos del día {g.r.randint(1, 28)}.\n{CM(mark)}\n\nResume el acta.")


@kind("es")
def es_wallet(g: Gen) -> str:
    return (f"Corrige la ortografía: \"porfa enviame los usdt a esta direccion {CR(g.eth())} y avisa a {P(g.given())} cuando este\"")


# ---------------------------------------------------------------- Spanish negatives
@kind("es", negative=True, count=7)
def es_neg_noticias(g: Gen) -> str:
    a, b = g.r.sample(["Madrid", "Barcelona", "Sevilla", "Valencia", "Bilbao", "Málaga", "Zaragoza", "Granada", "Córdoba", "Cádiz", "Santander", "Oviedo"], 2)
    return (f"Resume esta noticia: El Gobierno de Pedro Sánchez anunció ayer en {a} un plan de {g.r.randint(200, 900)} millones para el transporte. "
            f"La AEMET prevé tormentas en {b} y en la Costa del Sol durante el fin de semana, con máximas de {g.r.randint(25, 41)} grados.")


@kind("es", negative=True, count=7)
def es_neg_futbol(g: Gen) -> str:
    return (f"Escribe una crónica breve: el {g.pick(['Sevilla', 'Valencia', 'Betis', 'Athletic'])} ganó {g.r.randint(1, 5)}-{g.r.randint(0, 3)} en {g.pick(['Bilbao', 'Madrid', 'Granada'])}. "
            f"Carlo Ancelotti elogió al equipo; Luis Suárez y Pau Gasol estaban en la grada. Asistieron {g.r.randint(20000, 80000)} espectadores.")


@kind("es", negative=True, count=7)
def es_neg_plantilla(g: Gen) -> str:
    return (f"Traduce esta plantilla sin tocar los campos:\n\nEstimado/a [Nombre]:\nLe confirmamos el pedido {g.order_no()}. Importe: {{{{importe}}}} €.\n"
            f"IBAN: ES** **** **** **** **** {g.digits(4)}\nDNI: ________  Firma: Fulano de Tal (ejemplo)")


@kind("es", negative=True, count=7)
def es_neg_turismo(g: Gen) -> str:
    return (f"Hazme un itinerario: Museo del Prado (Paseo del Prado s/n, Madrid), Alhambra de Granada y la Catedral de {g.pick(['Sevilla', 'Toledo', 'Salamanca'])}. "
            f"Vuelo desde {g.pick(['Bogotá', 'Lima', 'Buenos Aires', 'Ciudad de México'])} el {g.r.randint(1, 28)} de {g.pick(['abril', 'julio', 'octubre'])}.")


@kind("es", negative=True, count=7)
def es_neg_codigo_ejemplo(g: Gen) -> str:
    return (f"¿Está bien este código?\n```js\nconst cfg = {{\n  apiKey: process.env.API_KEY ?? '<API_KEY>',\n  password: '{g.pick(['changeme', 'TU_CONTRASEÑA', '********'])}',\n"
            f"  host: '{g.private_ip()}',\n  retries: {g.r.randint(1, 9)}\n}};\n```")


@kind("es", negative=True, count=7)
def es_neg_salud_general(g: Gen) -> str:
    return (f"Acorta este artículo: La diabetes afecta a un {g.r.randint(8, 15)}% de la población adulta en España. La metformina suele ser el primer tratamiento, "
            f"según un estudio del Hospital Clínic de Barcelona con {g.r.randint(500, 5000)} pacientes.")


@kind("es", negative=True, count=7)
def es_neg_empresa(g: Gen) -> str:
    return (f"Mejora este texto corporativo: Con sede en {g.pick(['Madrid', 'Bilbao', 'Valencia'])} y oficinas en {g.pick(['Lisboa', 'Milano', 'Bogotá'])}, "
            f"nuestra plataforma se aloja en la región europe-southwest1. Más de {g.r.randint(100, 900)} empresas confían en nosotros. Contacto: info@example.com")


@kind("es", negative=True, count=7)
def es_neg_literatura(g: Gen) -> str:
    return (f"Dame tres preguntas de examen: En el capítulo {g.r.randint(2, 50)}, Don Quijote y Sancho Panza llegan a una venta. "
            f"Miguel de Cervantes describe la escena con ironía. Compara con Gabriel García Márquez.")


@kind("es", negative=True, count=7)
def es_neg_logs(g: Gen) -> str:
    return (f"¿Qué significa este error?\n{g.date()} {g.time()} ERROR pedido={g.order_no()} id={g.uuid()} origen={g.private_ip()} hash={g.hexs(40)}\n"
            f"{g.date()} {g.time()} WARN reintento {g.r.randint(1, 5)}/5")


@kind("es", negative=True, count=7)
def es_neg_politica(g: Gen) -> str:
    return (f"Simplifica: Queda prohibido compartir información confidencial con herramientas externas. Los documentos marcados como confidenciales "
            f"deben guardarse en el repositorio aprobado (norma {g.pick(['SEG', 'RRHH'])}-{g.digits(3)}, revisión {g.r.randint(1, 9)}).")


# ================================================================ ITALIAN
def _it_person(g: Gen) -> tuple[str, str, bool]:
    female_names = {"Giulia", "Chiara", "Francesca", "Federica", "Alessia", "Martina", "Sofia", "Ginevra", "Beatrice",
                    "Ludovica", "Benedetta", "Annalisa", "Rosalba", "Carmela", "Concetta", "Assunta", "Nunzia",
                    "Graziella", "Ornella", "Loredana", "Valentina", "Elena", "Sara", "Laura", "Marta", "Irene", "Cristina"}
    gi = g.pick(IT_GIVEN)
    return gi, g.pick(IT_SUR), gi in female_names


@kind("it")
def it_riassumi_mail(g: Gen) -> str:
    gi, su, _ = _it_person(g)
    return (f"Riassumi questa mail:\n\nDa: {P(gi + ' ' + su)} <{E(g.email_for(gi, su))}>\nOggetto: {g.pick(['Rimborso spese', 'Cambio indirizzo', 'Sollecito pagamento'])}\n\n"
            f"Gentile {P(g.pick(IT_GIVEN))},\nvi comunico il nuovo indirizzo: {LOC(g.address('it'))}. Cellulare {PH(g.phone('it'))}.\nCordiali saluti\n{P(gi + ' ' + su)}")


@kind("it")
def it_codice_fiscale_modulo(g: Gen) -> str:
    gi, su, fem = _it_person(g)
    d, y, m, dd = g.dob()
    return (f"Controlla se questo modulo è compilato bene:\n\nCognome: {P(su)}\nNome: {P(gi)}\nNato/a a: {LOC(g.town('it'))} il {DOB(d)}\n"
            f"Codice fiscale: {NID(g.codice_fiscale(su, gi, fem, y, m, dd))}\nResidenza: {LOC(g.address('it'))}")


@kind("it")
def it_busta_paga(g: Gen) -> str:
    gi, su, fem = _it_person(g)
    _, y, m, dd = g.dob()
    return (f"Spiegami le voci di questa busta paga:\n\nDIPENDENTE: {P(su.upper() + ' ' + gi.upper())}\nC.F.: {NID(g.codice_fiscale(su, gi, fem, y, m, dd))}\n"
            f"IBAN accredito: {IB(g.iban('IT'))}\nRetribuzione netta: € {g.money()}\nLivello: {g.pick(['3°', '4°', '5°'])} CCNL Commercio")


@kind("it")
def it_whatsapp(g: Gen) -> str:
    a, b = g.pick(IT_GIVEN), g.pick(IT_GIVEN)
    return (f"{g.date()}, {g.time()} - {P(a)}: ciao! mi mandi l'iban per la quota del regalo?\n{g.date()}, {g.time()} - {P(b)}: {IB(g.iban('IT'))} intestato a {P(g.pick(IT_GIVEN) + ' ' + g.pick(IT_SUR))}\n"
            f"{g.date()}, {g.time()} - {P(a)}: perfetto grazie\n\nfammi un riepilogo di chi ha pagato")


@kind("it")
def it_referto(g: Gen) -> str:
    gi, su, _ = _it_person(g)
    return (f"Traduci in inglese questo referto:\n\nPaziente: {P(su + ' ' + gi)}  Cartella n. {MRN(f'{g.r.randint(2019, 2026)}/{g.digits(6)}')}\nData di nascita: {DOB(g.dob('long_it')[0])}\n"
            f"Diagnosi: {MC(g.pick(['diabete mellito tipo 2', 'ipertensione arteriosa', 'sclerosi multipla', 'fibromialgia', 'celiachia']))}\n"
            f"Terapia: {MED(g.pick(['metformina', 'ramipril', 'interferone beta', 'duloxetina', 'pregabalin']))} {g.pick(['1000 mg', '5 mg', '60 mg'])}")


@kind("it")
def it_ticket_jira(g: Gen) -> str:
    gi, su, _ = _it_person(g)
    return (f"OPS-{g.digits(4)} Accesso negato al gestionale\nSegnalato da: {P(gi + ' ' + su)}\nDettagli: la password temporanea {PW(g.password())} non funziona, "
            f"IP del cliente {IP(g.public_ip())}.\n\nscrivi una risposta tecnica")


@kind("it")
def it_config_yaml(g: Gen) -> str:
    return (f"Perché l'app non si connette?\n```yaml\ndatabase:\n  url: {CS(g.conn_string())}\nstripe:\n  secret: {KEY('sk_live_' + g.alnum(32))}\n"
            f"session:\n  cookie_secret: {SEC(g.alnum(40))}\nlog_level: debug\n```")


@kind("it")
def it_contratto(g: Gen) -> str:
    a, b = _it_person(g), _it_person(g)
    d, y, m, dd = g.dob()
    return (f"Rendi più chiaro questo contratto:\n\nTra il Sig. {P(a[0] + ' ' + a[1])}, nato a {LOC(g.town('it'))} il {DOB(d)}, C.F. {NID(g.codice_fiscale(a[1], a[0], a[2], y, m, dd))}, "
            f"e la Sig.ra {P(b[0] + ' ' + b[1])}, residente in {LOC(g.address('it'))}, si conviene quanto segue.")


@kind("it")
def it_csv_anagrafica(g: Gen) -> str:
    rows = ["nome,cognome,email,cellulare,comune"]
    for _ in range(g.r.randint(3, 5)):
        gi, su, _ = _it_person(g)
        rows.append(f"{P(gi)},{P(su)},{E(g.email_for(gi, su))},{PH(g.phone('it', False))},{LOC(g.town('it'))}")
    return "Ordina per comune:\n" + "\n".join(rows)


@kind("it")
def it_carta_credito(g: Gen) -> str:
    gi, su, _ = _it_person(g)
    return (f"Riformula questa segnalazione: il cliente {P(gi + ' ' + su)} ha comunicato al telefono la carta {CC(g.card())} scad. {g.r.randint(1, 12):02d}/{g.r.randint(27, 31)} "
            f"e il numero {PH(g.phone('it', True))}. Vive a {LOC(g.town('it'))}.")


@kind("it")
def it_riservato(g: Gen) -> str:
    mark = g.pick(["RISERVATO", "RISERVATO - USO INTERNO", "STRETTAMENTE RISERVATO", "CONFIDENZIALE"])
    return (f"{CM(mark)}\nVerbale CdA del {g.date()}\nSi delibera il trasferimento di {P(g.pick(IT_GIVEN) + ' ' + g.pick(IT_SUR))} alla sede estera.\n{CM(mark)}\n\nfammi un riassunto")


@kind("it")
def it_documento_identita(g: Gen) -> str:
    gi, su, fem = _it_person(g)
    while not fem:
        gi, su, fem = _it_person(g)
    cie = f"C{g.pick('ABCDEF')}{g.digits(5)}{g.alnum(2, string.ascii_uppercase)}"
    return (f"Compila la richiesta con questi dati: {P(gi + ' ' + su)}, carta d'identità n. {NID(cie)}, passaporto {NID(g.passport('it'))}, "
            f"nata il {DOB(g.dob()[0])}, email {E(g.email_for(gi, su))}.")


@kind("it")
def it_chat_teams(g: Gen) -> str:
    a, b = g.pick(IT_GIVEN) + " " + g.pick(IT_SUR), g.pick(IT_GIVEN) + " " + g.pick(IT_SUR)
    return (f"{P(a)}  {g.time()}\nti giro la chiave SSH per il server di prod\n{P(b)}  {g.time()}\nok\n{P(a)}  {g.time()}\n{PK(g.private_key())}\n\nè corretto il formato?")


@kind("it")
def it_spedizione(g: Gen) -> str:
    gi, su, _ = _it_person(g)
    return (f"Etichetta di spedizione (foto), trascrivila:\nDESTINATARIO\n{P(gi + ' ' + su)}\n{LOC(g.address('it', multiline=True, country=True))}\n"
            f"Tel. {PH(g.phone('it'))}\nLDV {g.digits(12)}  Colli 1")


# ---------------------------------------------------------------- Italian negatives
@kind("it", negative=True, count=7)
def it_neg_notizie(g: Gen) -> str:
    return (f"Riassumi: Giorgia Meloni e Sergio Mattarella hanno incontrato a {g.pick(['Roma', 'Milano', 'Napoli'])} i sindaci di {g.pick(['Torino', 'Bologna', 'Firenze'])} e {g.pick(['Bari', 'Palermo', 'Cagliari'])}. "
            f"Previste piogge su {g.pick(['Genova', 'Trieste', 'Venezia'])} con {g.r.randint(20, 90)} mm.")


@kind("it", negative=True, count=7)
def it_neg_calcio(g: Gen) -> str:
    return (f"Scrivi un post: la {g.pick(['Roma', 'Fiorentina', 'Atalanta', 'Lazio'])} ha vinto {g.r.randint(1, 4)}-{g.r.randint(0, 3)} a {g.pick(['Verona', 'Torino', 'Bologna'])}. "
            f"In tribuna Francesco Totti e Roberto Baggio; Jannik Sinner ha seguito la partita da {g.pick(['Milano', 'Pisa'])}.")


@kind("it", negative=True, count=7)
def it_neg_modulo_vuoto(g: Gen) -> str:
    return (f"Traduci il modulo lasciando i segnaposto:\nCognome: __________ Nome: __________\nCodice fiscale: ________________\nIBAN: {{{{iban}}}}\n"
            f"Esempio di compilazione: Mario Rossi, RSSMRA80A01H501U\nPratica n. {g.digits(6)}")


@kind("it", negative=True, count=7)
def it_neg_turismo(g: Gen) -> str:
    return (f"Organizza una gita: Galleria degli Uffizi (Piazzale degli Uffizi 6, Firenze), poi Piazza del Campo a Siena e la Torre di Pisa. "
            f"Treno da {g.pick(['Milano', 'Roma', 'Bologna'])} alle {g.time()}, biglietto € {g.r.randint(20, 60)}.")


@kind("it", negative=True, count=7)
def it_neg_aziendale(g: Gen) -> str:
    return (f"Migliora: La nostra azienda, con sedi a {g.pick(['Milano', 'Torino', 'Bologna'])} e {g.pick(['Madrid', 'Lisboa', 'London'])}, usa i data center eu-south-1. "
            f"Brand come Barilla, Lavazza e Prada sono nostri clienti dal {g.r.randint(2005, 2022)}. P.IVA IT{g.digits(11)}.")


@kind("it", negative=True, count=7)
def it_neg_letteratura(g: Gen) -> str:
    return (f"Spiega questo brano: Dante Alighieri incontra Beatrice nel Paradiso; il Commissario Montalbano invece indaga a Vigàta. Canto {g.r.randint(1, 33)}.")


@kind("it", negative=True, count=7)
def it_neg_salute(g: Gen) -> str:
    return (f"Semplifica: L'ipertensione colpisce circa il {g.r.randint(25, 35)}% degli adulti. Il ramipril è tra i farmaci più usati. "
            f"Uno studio dell'Università di {g.pick(['Bologna', 'Padova', 'Pisa'])} ha coinvolto {g.r.randint(300, 4000)} pazienti.")


@kind("it", negative=True, count=7)
def it_neg_codice(g: Gen) -> str:
    return (f"Questo codice va bene?\n```python\nPASSWORD = os.getenv('DB_PASSWORD', 'changeme')\nHOST = '{g.private_ip()}'\nTOKEN = '<TOKEN>'\nPORT = {g.r.randint(1000, 9999)}\n```")


@kind("it", negative=True, count=7)
def it_neg_log(g: Gen) -> str:
    return (f"Analizza:\n{g.date()} {g.time()} ordine {g.order_no()} elaborato in {g.r.randint(20, 900)} ms trace={g.uuid()}\n{g.date()} {g.time()} sha256={g.hexs(64)}")


@kind("it", negative=True, count=7)
def it_neg_policy(g: Gen) -> str:
    return (f"Riassumi la policy: i documenti riservati non vanno caricati su strumenti di IA esterni. La dicitura 'riservato' va apposta dall'autore. "
            f"Revisione {g.r.randint(1, 9)}.{g.r.randint(0, 9)} del {g.date()}.")


# ================================================================ PORTUGUESE
@kind("pt", count=5)
def pt_email_resumo(g: Gen) -> str:
    gi, su = g.given(), g.surname()
    return (f"Resume este e-mail:\n\nDe: {P(gi + ' ' + su)} <{E(g.email_for(gi, su))}>\nOlá {P(g.given())},\nenvio os meus dados para o contrato: NIF {NID(g.pt_nif())}, "
            f"morada {LOC(g.address('pt'))}, telemóvel {PH(g.phone('pt'))}.\nCumprimentos,\n{P(gi)}")


@kind("pt", count=5)
def pt_recibo_vencimento(g: Gen) -> str:
    n = g.full("pt")
    return (f"Verifica este recibo de vencimento:\nNome: {P(n)}\nNIF: {NID(g.pt_nif())}\nNISS: {NID(g.niss())}\nIBAN: {IB(g.iban('PT'))}\nData de nascimento: {DOB(g.dob()[0])}")


@kind("pt", count=5)
def pt_br_cadastro(g: Gen) -> str:
    gi, su = g.given(), g.surname()
    town = g.pick(["Campinas", "Niterói", "Londrina", "Joinville", "Uberlândia"])
    return (f"Formate este cadastro em JSON:\nnome: {P(gi + ' ' + su)}\ncpf: {NID(g.cpf())}\ncidade: {LOC(town)}\ne-mail: {E(g.email_for(gi, su, 'uol.com.br'))}\n"
            f"celular: {PH('+55 ' + g.pick(['19', '21', '43', '47', '34']) + ' 9' + g.digits(4) + '-' + g.digits(4))}")


@kind("pt", count=5)
def pt_consulta_medica(g: Gen) -> str:
    n = g.full("pt")
    return (f"Explica em linguagem simples: Utente {P(n)}, nº processo {MRN(g.digits(8))}. Diagnóstico: {MC(g.pick(['asma brônquica', 'diabetes tipo 1', 'hipertensão arterial']))}. "
            f"Medicação: {MED(g.pick(['budesonida', 'insulina glargina', 'losartan']))}.")


@kind("pt", negative=True, count=5)
def pt_neg_noticias(g: Gen) -> str:
    a, b = g.r.sample(['Porto', 'Coimbra', 'Funchal', 'Lisboa'], 2)
    return (f"Resume: Marcelo Rebelo de Sousa visitou {a} e {b} esta semana. "
            f"O IPMA prevê chuva forte e {g.r.randint(12, 30)} graus. Lula da Silva chega a {g.pick(['Lisboa', 'Porto'])} na {g.pick(['segunda', 'quinta'])}-feira.")


@kind("pt", negative=True, count=5)
def pt_neg_turismo(g: Gen) -> str:
    return (f"Faz um roteiro: Torre de Belém, Mosteiro dos Jerónimos e Rua Augusta em Lisboa; depois comboio para {g.pick(['Porto', 'Coimbra'])} às {g.time()}. "
            f"Fernando Pessoa e Luís de Camões têm estátuas no percurso.")


@kind("pt", negative=True, count=5)
def pt_neg_modelo(g: Gen) -> str:
    return (f"Traduz este modelo:\nExmo.(a) Sr.(a) [Nome],\nNIF: _________  IBAN: PT50 **** **** **** **** {g.digits(4)} {g.digits(1)}\nEncomenda {g.order_no()}\ncontacto: suporte@example.com")


@kind("pt", negative=True, count=5)
def pt_neg_codigo(g: Gen) -> str:
    return (f"Este docker-compose está certo?\nenvironment:\n  - DB_PASSWORD=${{DB_PASSWORD}}\n  - API_KEY=<API_KEY>\n  - REDIS_HOST={g.private_ip()}\n  - WORKERS={g.r.randint(2, 16)}")


# ================================================================ extra kinds (es / it / en)
@kind("es", count=6)
def es_extracto_sql(g: Gen) -> str:
    vals = []
    for _ in range(g.r.randint(2, 3)):
        gi, su = g.given(), g.surname()
        vals.append(f"('{P(gi + ' ' + su)}', '{NID(g.dni())}', '{IB(g.iban('ES', spaced=False))}', '{DOB(g.dob('iso')[0])}')")
    return "¿Por qué falla este insert?\nINSERT INTO socios (nombre, dni, iban, fecha_nacimiento) VALUES\n" + ",\n".join(vals) + ";"


@kind("es", count=6)
def es_transcripcion_reunion(g: Gen) -> str:
    a, b = g.given(), g.given()
    return (f"Saca las tareas de esta transcripción:\n{P(a)}: Vale, el cliente de {LOC(g.town('es'))}, {P(g.full('es'))}, sigue sin pagar.\n"
            f"{P(b)}: Le llamé al {PH(g.phone('es'))} y dice que ya hizo la transferencia.\n{P(a)}: Pues revisa el extracto mañana.")


@kind("es", negative=True, count=7)
def es_neg_mascaras(g: Gen) -> str:
    return (f"El cliente pregunta por qué ve esto en la app: tarjeta **** **** **** {g.digits(4)}, DNI ***{g.digits(4)}**, móvil +34 6** *** {g.digits(3)}. "
            f"Pedido {g.order_no()}. Redacta una explicación.")


@kind("it", count=6)
def it_cronologia_shell(g: Gen) -> str:
    return (f"cosa ho fatto qui?\n$ export OPENAI_API_KEY={KEY('sk-proj-' + g.alnum(48))}\n$ mysql -h {IP(g.public_ip())} -u root -p'{PW(g.password())}'\n"
            f"$ scp backup.sql admin@{g.private_ip()}:/tmp")


@kind("it", count=6)
def it_lettera_hr(g: Gen) -> str:
    gi, su, _ = _it_person(g)
    return (f"Correggi la lettera:\nGentile {P(gi + ' ' + su)},\nle confermiamo l'assunzione. Stipendio su IBAN {IB(g.iban('IT'))}. "
            f"Per urgenze chiamare {P(g.pick(IT_GIVEN))} al {PH(g.phone('it'))}.")


@kind("it", negative=True, count=7)
def it_neg_meteo_regioni(g: Gen) -> str:
    return (f"Riassumi il meteo: allerta arancione in Liguria e Toscana; a {g.pick(['Genova', 'Pisa', 'Siena'])} {g.r.randint(5, 25)} gradi, "
            f"a {g.pick(['Bari', 'Palermo', 'Cagliari'])} sole. Orari in fuso Europe/Rome.")


@kind("en", count=5)
def en_xml_export(g: Gen) -> str:
    gi, su = g.person()
    return (f"convert to CSV:\n<customer id=\"{g.digits(5)}\">\n  <name>{P(gi + ' ' + su)}</name>\n  <email>{E(g.email_for(gi, su))}</email>\n"
            f"  <card>{CC(g.card(spaced=False))}</card>\n  <city>{LOC(g.town('en'))}</city>\n</customer>")


@kind("en", count=5)
def en_bank_details_uk(g: Gen) -> str:
    return (f"Reply to supplier: \"Our new bank details: account name {P(g.full('en'))}, sort code {BA(f'{g.digits(2)}-{g.digits(2)}-{g.digits(2)}')}, "
            f"account number {BA(g.digits(8))}, IBAN {IB(g.iban('GB'))}.\" Is it likely a scam?")


@kind("en", count=5)
def en_wiki_table(g: Gen) -> str:
    rows = ["| Name | On-call phone | Home city |", "|---|---|---|"]
    for _ in range(3):
        rows.append(f"| {P(g.full('en'))} | {PH(g.phone('en'))} | {LOC(g.town('en'))} |")
    return "Convert this Confluence table to a rota:\n" + "\n".join(rows)


@kind("en", negative=True, count=6)
def en_neg_cloud_regions(g: Gen) -> str:
    return (f"Which regions should we pick? Candidates: eu-west-1 (Dublin), eu-south-1 (Milan), eu-south-2 (Spain), europe-west8 (Milan), "
            f"southamerica-east1 (São Paulo). Latency from {g.pick(PUBLIC_PLACES)} is ~{g.r.randint(10, 90)} ms.")


@kind("en", negative=True, count=6)
def en_neg_timezones_meeting(g: Gen) -> str:
    return (f"Find a slot: {g.time()} Europe/London, {g.time()} America/Bogota, {g.time()} Europe/Lisbon. The standup is in room 'Turing' on floor {g.r.randint(1, 9)}.")


@kind("en", negative=True, count=6)
def en_neg_jwt_docs(g: Gen) -> str:
    return (f"Explain the parts of a JWT like header.payload.signature, e.g. 'eyJhbGciOi...' (truncated). Our docs use the placeholder <JWT> and session id {g.uuid()}.")


# ================================================================ more shapes and look-alikes
@kind("en", count=6)
def en_mail_thread_signature(g: Gen) -> str:
    a, b = g.person(), g.person()
    dom = g.work_domain()
    sig_a = f"{P(a[0] + ' ' + a[1])}\n{g.pick(['Account Manager', 'Senior Buyer', 'Head of Ops'])}\nM: {PH(g.phone('en', True))}"
    return (f"Can you write my reply to the last message below?\n\n-----Original Message-----\nFrom: {P(b[0] + ' ' + b[1])} <{E(g.email_for(*b, dom))}>\n"
            f"Sent: {g.pick(['Monday', 'Tuesday', 'Friday'])} {g.time()}\nTo: {P(a[0] + ' ' + a[1])}\nSubject: RE: pricing\n\n"
            f"{P(a[0])} - we can do {g.r.randint(5, 15)}% off if you sign by the 30th. Ref {g.order_no()}.\n\n"
            f"> On {g.date()}, {P(a[0] + ' ' + a[1])} wrote:\n> Hi {P(b[0])}, any flexibility on price?\n>\n> " + sig_a.replace("\n", "\n> "))


@kind("en", count=6)
def en_tsv_crm(g: Gen) -> str:
    rows = ["Full name\tEmail\tCity\tDOB\tLTV"]
    for _ in range(g.r.randint(3, 4)):
        gi, su = g.person()
        rows.append(f"{P(gi + ' ' + su)}\t{E(g.email_for(gi, su))}\t{LOC(g.town('en'))}\t{DOB(g.dob('iso')[0])}\t{g.r.randint(50, 9000)}")
    return "Pasted from Excel - which customers are over 40?\n" + "\n".join(rows)


@kind("en", count=6)
def en_legal_nda(g: Gen) -> str:
    gi, su = g.person()
    return (f"Check this NDA recital for typos:\n\nThis Agreement is made between Brightvale Logistics Ltd (company no. {g.digits(8)}) and "
            f"{P(gi + ' ' + su)}, holder of passport no. {NID(g.passport('en'))}, residing at {LOC(g.address('en', country=True))} (the \"Recipient\"). "
            f"Governing law: England and Wales.")


@kind("en", negative=True, count=6)
def en_neg_wordlike_names(g: Gen) -> str:
    return (f"Polish this travel blurb: From the Costa Brava to Costa Rica, our {g.r.randint(5, 12)}-night tours include the Rose Garden in "
            f"{g.pick(['Madrid', 'Rome', 'Boston'])} and a stop at Costa Coffee. Young Professionals get {g.r.randint(5, 20)}% off; the Grace period for changes is 14 days.")


@kind("en", negative=True, count=6)
def en_neg_sample_records(g: Gen) -> str:
    return (f"Our API docs show this sample response; is the schema sensible?\n{{\"name\": \"John Doe\", \"email\": \"john.doe@example.com\", "
            f"\"ssn\": \"123-45-6789\", \"card\": \"4111 1111 1111 1111\", \"iban\": \"GB82WEST12345698765432\", \"id\": \"{g.uuid()}\", \"ip\": \"{g.private_ip()}\"}}")


@kind("en", negative=True, count=6)
def en_neg_gdpr_text(g: Gen) -> str:
    return (f"Explain Article {g.pick(['9', '32', '33'])} simply: processing of data concerning health, biometric data or national identification numbers "
            f"requires a legal basis. Controllers must notify breaches within 72 hours. Fines reach EUR {g.r.randint(10, 20)} million or {g.r.randint(2, 4)}% of turnover.")


@kind("es", count=6)
def es_hilo_correo(g: Gen) -> str:
    a, b = g.full("es"), g.given()
    return (f"Contesta a este hilo de forma breve:\n\nDe: {P(a)}\nEnviado el: {g.date()} {g.time()}\nPara: {P(b)}\nAsunto: RE: factura pendiente\n\n"
            f"{P(b)}, el pago sale hoy a la cuenta {IB(g.iban('ES'))}.\n\nUn saludo,\n--\n{P(a)}\nDpto. Compras\nTel. directo {PH(g.phone('es', True))}")


@kind("es", negative=True, count=7)
def es_neg_formulario_blanco(g: Gen) -> str:
    return (f"Rellena este formulario de ejemplo con datos ficticios:\nNombre y apellidos: ____________\nDNI/NIE: ________\nDomicilio: ______________\n"
            f"Ejemplo: Juan Pérez, 00000000T, Calle Falsa 123\nExpediente {g.digits(6)}/{g.r.randint(2024, 2026)}")


@kind("it", count=6)
def it_tsv_fatture(g: Gen) -> str:
    rows = ["Fornitore\tReferente\tIBAN\tImporto"]
    for _ in range(g.r.randint(2, 4)):
        rows.append(f"{g.pick(['Ferrotecnica srl', 'Cantieri Nord spa', 'Laguna Servizi', 'Edil Due'])}\t{P(g.pick(IT_GIVEN) + ' ' + g.pick(IT_SUR))}\t{IB(g.iban('IT', spaced=False))}\t{g.money()}")
    return "Somma gli importi per fornitore:\n" + "\n".join(rows)


@kind("it", negative=True, count=7)
def it_neg_prodotti(g: Gen) -> str:
    return (f"Scrivi una recensione: ho provato l'Alfa Romeo Giulia e la Fiat Panda a {g.pick(['Torino', 'Milano'])}; poi caffè Lavazza e un Amaro Montenegro. "
            f"Consumo {g.r.randint(5, 9)},{g.digits(1)} l/100 km, prezzo € {g.r.randint(18, 60)}.{g.digits(3)}.")


@kind("en", count=6)
def en_router_dhcp(g: Gen) -> str:
    rows = []
    for _ in range(g.r.randint(2, 4)):
        rows.append(f"{g.private_ip():<16} {MAC(g.mac())}  {g.pick(['iPhone', 'LAPTOP-7H2K', 'printer-2f', 'android-9a1c', 'TV'])}")
    return (f"My home router page shows this, is someone on my wifi?\nWAN IPv4: {IP(g.public_ip())}\nWAN IPv6: {IP(g.public_ip6())}\nGateway: 192.168.1.1\n\nDHCP leases:\n" + "\n".join(rows))


@kind("en", count=6)
def en_cookie_headers(g: Gen) -> str:
    return (f"Copied from devtools, why does the API reject my request?\n\nGET /api/me HTTP/2\nHost: portal.quantara.io\n"
            f"Cookie: sessionid={SEC(g.alnum(32, string.ascii_lowercase + string.digits))}; csrftoken={SEC(g.alnum(64))}; theme=dark\n"
            f"Authorization: Bearer {JW(g.jwt())}\nX-Request-Id: {g.uuid()}")


@kind("en", negative=True, count=6)
def en_neg_ipv6_docs(g: Gen) -> str:
    return (f"Explain these addresses for the network runbook: 2001:db8:{g.r.randint(1, 0xfff):x}::1 (documentation), fe80::1ff:fe23:4567:890a (link-local), "
            f"::1 (loopback), {g.private_ip()} (internal), 198.51.100.{g.r.randint(1, 254)} (docs), ff02::1 (multicast).")


@kind("es", count=6)
def es_tpv_log(g: Gen) -> str:
    return (f"¿Por qué se rechaza el pago? Log del TPV:\n{g.date()} {g.time()} TERM mac={MAC(g.mac())} ip={IP(g.public_ip())}\n"
            f"{g.date()} {g.time()} AUTH pan={CC(g.card(spaced=False))} titular=\"{P(g.full('es').upper())}\" importe={g.r.randint(5, 900)},{g.digits(2)} EUR resp=05\n"
            f"{g.date()} {g.time()} pedido={g.order_no()} id={g.uuid()}")


@kind("es", count=6)
def es_cripto_estafa(g: Gen) -> str:
    gi, su = g.given(), g.surname()
    return (f"Ayúdame a denunciar esto: el cliente {P(gi + ' ' + su)} ({E(g.email_for(gi, su))}) envió {g.r.randint(1, 9)}.{g.digits(3)} BTC a la dirección "
            f"{CR(g.btc())} creyendo que era nuestra. Su teléfono: {PH(g.phone('es', True))}.")


@kind("it", count=6)
def it_postman_jwt(g: Gen) -> str:
    return (f"Postman mi dà 403, cosa sbaglio?\n\nPOST https://api.consorziolaguna.it/v1/pratiche\nAuthorization: Bearer {JW(g.jwt())}\n"
            f"X-Api-Key: {KEY(g.api_key())}\nCookie: PHPSESSID={SEC(g.alnum(26, string.ascii_lowercase + string.digits))}")


@kind("it", count=6)
def it_cripto_pagamento(g: Gen) -> str:
    return (f"Traduci in inglese per il fornitore: \"Il pagamento in USDC va inviato all'indirizzo {CR(g.eth())} entro venerdì. "
            f"Referente: {P(g.pick(IT_GIVEN) + ' ' + g.pick(IT_SUR))}, {PH(g.phone('it', True))}.\"")


@kind("it", negative=True, count=7)
def it_neg_cripto_notizie(g: Gen) -> str:
    return (f"Riassumi: il Bitcoin è salito del {g.r.randint(1, 12)}% a {g.r.randint(40, 120)} mila dollari; Ethereum segue. La Consob di Roma avverte: "
            f"mai inviare fondi a indirizzi ricevuti via chat. Hash del blocco {g.hexs(64)}.")


@kind("pt", count=5)
def pt_rede_log(g: Gen) -> str:
    return (f"O que significa este log do router?\n{g.date()} {g.time()} DHCPACK {g.private_ip()} {MAC(g.mac())}\n{g.date()} {g.time()} login admin de {IP(g.public_ip())} falhou\n"
            f"{g.date()} {g.time()} PPPoE IPv6 {IP(g.public_ip6())}")


@kind("en", count=6)
def en_discharge_summary(g: Gen) -> str:
    gi, su = g.person()
    nok = g.full("en")
    c1, c2 = g.r.sample(["heart failure", "chronic kidney disease", "type 1 diabetes", "COPD", "pneumonia", "atrial fibrillation"], 2)
    m1, m2 = g.r.sample(["furosemide", "bisoprolol", "insulin glargine", "apixaban", "amoxicillin", "ramipril"], 2)
    return (f"Turn this discharge note into a letter for the patient's employer (no clinical detail):\n\nDISCHARGE SUMMARY\nName: {P(su.upper() + ', ' + gi)}   "
            f"Hosp No: {MRN(g.alnum(1, 'KRSTW') + g.digits(7))}   DOB: {DOB(g.dob()[0])}\nAdmitted with {MC(c1)} on a background of {MC(c2)}.\n"
            f"Discharge meds: {MED(m1)} 40 mg OD, {MED(m2)} 2.5 mg OD.\nNext of kin: {P(nok)} ({g.pick(['wife', 'son', 'brother', 'partner'])}) {PH(g.phone('en'))}")


@kind("en", count=6)
def en_expense_form(g: Gen) -> str:
    gi, su = g.person()
    return (f"Check this expense claim for policy issues:\nClaimant: {P(gi + ' ' + su)}  Cost centre: {g.digits(4)}\nCorporate card: {CC(g.card())}\n"
            f"{g.date()} Hotel {g.pick(['Madrid', 'Milan', 'Lisbon'])} EUR {g.r.randint(90, 900)}.{g.digits(2)}\n{g.date()} Taxi EUR {g.r.randint(12, 90)}.{g.digits(2)}\nApprover: {P(g.full('en'))}")


@kind("en", count=6)
def en_users_yaml(g: Gen) -> str:
    out = ["why does ansible say 'mapping values are not allowed'?", "users:"]
    for _ in range(g.r.randint(2, 3)):
        gi, su = g.person()
        out.append(f"  - name: {P(gi + ' ' + su)}\n    email: {E(g.email_for(gi, su, g.work_domain()))}\n    mobile: \"{PH(g.phone('en', True))}\"\n    shell: /bin/bash")
    return "\n".join(out)


@kind("en", count=6)
def en_traceback(g: Gen) -> str:
    gi, su = g.person()
    return (f"what does this mean?\nTraceback (most recent call last):\n  File \"/srv/app/billing.py\", line {g.r.randint(20, 400)}, in charge\n"
            f"    conn = connect(\"{CS(g.conn_string())}\")\nsqlalchemy.exc.OperationalError: timeout\nlocals: customer_email='{E(g.email_for(gi, su))}' amount={g.money()}")


@kind("en", negative=True, count=6)
def en_neg_menu_words(g: Gen) -> str:
    return (f"Translate this menu: Caesar salad, Pizza Margherita, Beef Wellington, Eggs Benedict, Peach Melba and a Bellini. "
            f"Set lunch EUR {g.r.randint(18, 40)}, served {g.time()}-15:00. Table {g.r.randint(1, 30)}.")


@kind("en", negative=True, count=6)
def en_neg_ci_secrets_refs(g: Gen) -> str:
    return (f"Is this the right way to use secrets?\n```yaml\n    env:\n      AWS_ACCESS_KEY_ID: ${{{{ secrets.AWS_ACCESS_KEY_ID }}}}\n      AWS_SECRET_ACCESS_KEY: ${{{{ secrets.AWS_SECRET_ACCESS_KEY }}}}\n"
            f"      DATABASE_URL: ${{{{ secrets.DATABASE_URL }}}}\n      NODE_VERSION: {g.r.randint(18, 22)}\n```")


@kind("en", negative=True, count=6)
def en_neg_streets_people(g: Gen) -> str:
    return (f"Write a walking tour: start at Piazza Giuseppe Garibaldi, follow Calle Doctor Fleming to the Fernando Pessoa statue, then the "
            f"Turing building and the Marie Curie lecture hall. About {g.r.randint(3, 9)} km, {g.r.randint(1, 4)} hours.")


@kind("en", negative=True, count=6)
def en_neg_order_confirmation(g: Gen) -> str:
    return (f"Is this phishing? \"Your order {g.order_no()} has shipped. Tracking: 1Z{g.alnum(16, string.ascii_uppercase + string.digits)}. "
            f"Paid with card ending {g.digits(4)}. Questions? help@example.com. Visit our flagship store on Regent Street, London.\"")


@kind("es", count=6)
def es_cv(g: Gen) -> str:
    gi, su = g.given(), g.surname()
    return (f"Mejora mi currículum:\n\n{P(gi + ' ' + su + ' ' + g.pick(ES_SUR))}\n{LOC(g.address('es'))}\nTel.: {PH(g.phone('es'))} · {E(g.email_for(gi, su))}\n"
            f"Fecha de nacimiento: {DOB(g.dob('long_es')[0])}\n\nEXPERIENCIA\n{g.r.randint(2015, 2022)}–actualidad: Técnica de nóminas, {g.pick(['Grupo Almenara', 'Arenal Soft'])}")


@kind("es", count=6)
def es_reserva_viaje(g: Gen) -> str:
    gi, su = g.given(), g.surname()
    return (f"Apunta esto en mi agenda:\nLocalizador: {g.alnum(6, string.ascii_uppercase)}\nPasajero: {P(su.upper() + '/' + gi.upper())} SR\n"
            f"Pasaporte: {NID(g.passport('es'))}  Nacimiento: {DOB(g.dob()[0])}\nVuelo IB{g.digits(4)} Madrid–Bogotá, asiento {g.r.randint(1, 40)}{g.pick('ACDF')}")


@kind("es", negative=True, count=7)
def es_neg_productos(g: Gen) -> str:
    return (f"Escribe un anuncio: el nuevo Seat León y el Cupra Formentor llegan a los concesionarios de {g.pick(['Madrid', 'Sevilla', 'Bilbao'])}. "
            f"Prueba también el vino Marqués de Riscal y el turrón de Jijona. Precio desde {g.r.randint(18, 40)}.{g.digits(3)} €.")


@kind("es", negative=True, count=7)
def es_neg_ci(g: Gen) -> str:
    return (f"¿Es correcto este pipeline?\n```yaml\nvariables:\n  DB_PASSWORD: $DB_PASSWORD\n  API_TOKEN: \"{{{{ vault.api_token }}}}\"\n  REGION: eu-south-2\n  REPLICAS: {g.r.randint(1, 6)}\n```")


@kind("it", count=6)
def it_cv(g: Gen) -> str:
    gi, su, _ = _it_person(g)
    return (f"Rendi più professionale il mio CV:\n\nCURRICULUM VITAE\n{P(gi + ' ' + su)}\nNato/a a {LOC(g.town('it'))} il {DOB(g.dob('long_it')[0])}\n"
            f"Residenza: {LOC(g.address('it'))}\nCell. {PH(g.phone('it'))} – {E(g.email_for(gi, su))}\n\nESPERIENZE\nImpiegato amministrativo presso Cantieri Nord")


@kind("it", count=6)
def it_assicurazione(g: Gen) -> str:
    gi, su, fem = _it_person(g)
    _, y, m, dd = g.dob()
    return (f"Riassumi la denuncia di sinistro:\nAssicurato: {P(su + ' ' + gi)} (C.F. {NID(g.codice_fiscale(su, gi, fem, y, m, dd))})\nPolizza n. {g.digits(9)}\n"
            f"Lesioni: {MC(g.pick(['frattura del polso', 'colpo di frusta', 'trauma cranico lieve']))}; prescritto {MED(g.pick(['ibuprofene', 'paracetamolo', 'ketoprofene']))}.\n"
            f"Recapito: {PH(g.phone('it'))}")


@kind("it", negative=True, count=7)
def it_neg_strade(g: Gen) -> str:
    return (f"Scrivi un itinerario a piedi: da Piazza Cavour lungo Via Garibaldi fino a Via Aldo Moro, poi il monumento a Giuseppe Verdi e la casa di "
            f"Federico Fellini. Circa {g.r.randint(2, 8)} km; pausa gelato alle {g.time()}.")


@kind("it", negative=True, count=7)
def it_neg_fattura_modello(g: Gen) -> str:
    return (f"Spiega questo fac-simile di fattura:\nFattura n. {g.r.randint(1, 400)}/{g.r.randint(2024, 2026)}\nCliente: [Ragione sociale]\nP.IVA: IT00000000000\n"
            f"IBAN: IT** **** **** **** **** **** {g.digits(3)}\nImponibile € {g.money()}  IVA 22%")


@kind("en", count=6)
def en_lowercase_chat(g: Gen) -> str:
    a, b = P(g.given().lower()), P(g.given().lower())
    return (f"summarise this thread for standup:\n> {a}: anyone seen the invoice from acme?\n> {b}: nope, ask {P(g.given().lower())}, she had it last\n"
            f"> {a}: ok. also {P(g.full('en').lower())} called, wants a callback on {PH(g.phone('en'))}\n> {b}: 👍")


@kind("en", count=6)
def en_prose_biography(g: Gen) -> str:
    gi, su = g.person()
    d = g.dob("long_en")[0]
    return (f"Write a short retirement speech from these notes: {P(gi)} was born on {DOB(d)} in {LOC(g.town('en'))} and joined us in "
            f"{g.r.randint(1990, 2005)}. {P(gi)}'s daughter {P(g.given())} will attend. Mr {P(su)} asked us not to mention his {MC(g.pick(['cancer treatment', 'heart surgery', 'stroke']))}.")


@kind("en", count=6)
def en_ping_lone_names(g: Gen) -> str:
    return (f"Rewrite as a polite email: ping {P(g.given())} re the Q{g.r.randint(1, 4)} numbers, cc {P(g.surname())} from legal, and tell "
            f"Mrs {P(g.surname())} the contract is at her place now ({LOC(g.address('en'))}).")


@kind("es", count=6)
def es_prosa_domicilio(g: Gen) -> str:
    gi = g.pick(ES_FEMALE)
    su = g.surname()
    return (f"Pon esto en un correo formal: la Sra. {P(su)} nos dice que su madre, {P(gi + ' ' + su)}, nacida el {DOB(g.dob('long_es')[0])}, vive ahora en "
            f"{LOC(g.address('es'))} y que hay que llamarla al {PH(g.phone('es'))}. Padece {MC(g.pick(['alzhéimer', 'párkinson', 'insuficiencia renal']))}.")


@kind("es", count=6)
def es_minusculas_chat(g: Gen) -> str:
    return (f"resume el chat:\n{P(g.given().lower())}: oye has hablado con {P(g.given().lower())}?\n{P(g.given().lower())}: sí, me pasó su correo {E(g.email_for(g.given(), g.surname()))}\n"
            f"y el de {P(g.full('es').lower())} es {E(g.email_for(g.given(), g.surname(), g.work_domain()))}")


@kind("it", count=6)
def it_prosa_indirizzo(g: Gen) -> str:
    _, su, _ = _it_person(g)
    child, _, fem = _it_person(g)
    return (f"Trasforma in una lettera formale: il sig. {P(su)} ci informa che dal mese prossimo abiterà in {LOC(g.address('it'))}; {'la figlia' if fem else 'il figlio'} {P(child)} "
            f"segue una terapia con {MED(g.pick(['metilfenidato', 'insulina', 'levetiracetam']))} per {MC(g.pick(['ADHD', 'diabete di tipo 1', 'epilessia']))}.")


@kind("it", count=6)
def it_riservato_footer(g: Gen) -> str:
    mark = g.pick(["TLP:AMBER", "TLP:RED", "Documento RISERVATO – non diffondere"])
    return (f"Riassumi l'incidente:\nReport incidente #{g.digits(5)}\nAccesso anomalo dall'IP {IP(g.public_ip())} all'account di {P(g.pick(IT_GIVEN) + ' ' + g.pick(IT_SUR))}.\n"
            f"Password compromessa: {PW(g.password())}\n\n{CM(mark)}")


@kind("en", negative=True, count=6)
def en_neg_sql_schema(g: Gen) -> str:
    return (f"Suggest indexes for this schema:\nCREATE TABLE customers (\n  id BIGINT PRIMARY KEY,\n  first_name TEXT, last_name TEXT,\n  ssn CHAR(11),\n"
            f"  iban VARCHAR(34),\n  email TEXT UNIQUE,\n  date_of_birth DATE,\n  created_at TIMESTAMP DEFAULT now()\n);\n-- ~{g.r.randint(2, 90)}M rows, partitioned by created_at")


@kind("en", negative=True, count=6)
def en_neg_regex_validators(g: Gen) -> str:
    return (f"Review these validators:\n```python\nIBAN_RE = r\"^[A-Z]{{2}}\\d{{2}}[A-Z0-9]{{11,30}}$\"\nSSN_RE = r\"^\\d{{3}}-\\d{{2}}-\\d{{4}}$\"\n"
            f"EMAIL_RE = r\"^[^@\\s]+@[^@\\s]+\\.[a-z]{{2,}}$\"\nMAX_LEN = {g.r.randint(32, 256)}\n```")


@kind("en", negative=True, count=6)
def en_neg_clinical_trial(g: Gen) -> str:
    return (f"Summarise the protocol: Subject {g.digits(3)} (anonymised) in arm B received metformin; {g.r.randint(3, 20)} of {g.r.randint(40, 200)} subjects with type 2 diabetes "
            f"reported nausea. Site: a university hospital in {g.pick(['Milan', 'Madrid', 'Lisbon'])}. Protocol ID NCT0{g.digits(7)}.")


@kind("en", negative=True, count=6)
def en_neg_job_ad(g: Gen) -> str:
    return (f"Make this job ad punchier: We're hiring a Data Engineer in {g.pick(['Barcelona', 'Milan', 'Dublin', 'Lisbon'])} (hybrid, {g.r.randint(2, 3)} days in office). "
            f"Salary EUR {g.r.randint(45, 80)}-{g.r.randint(81, 110)}k. Apply at careers@example.com with ref JOB-{g.digits(4)}.")


@kind("en", negative=True, count=6)
def en_neg_barcodes_isbn(g: Gen) -> str:
    return (f"Which of these are ISBNs? 978-{g.digits(1)}-{g.digits(3)}-{g.digits(5)}-{g.digits(1)}, EAN 84{g.digits(11)}, SKU {g.alnum(8, string.ascii_uppercase + string.digits)}, "
            f"PO-{g.digits(6)}, build {g.r.randint(1, 9)}.{g.r.randint(0, 20)}.{g.r.randint(0, 99)}.")


@kind("es", negative=True, count=7)
def es_neg_esquema(g: Gen) -> str:
    return (f"¿Qué índices pondrías?\nCREATE TABLE pacientes (\n  id SERIAL,\n  nombre TEXT,\n  dni CHAR(9),\n  diagnostico TEXT,\n  fecha_nacimiento DATE\n);\n-- unas {g.r.randint(10, 900)} mil filas")


@kind("es", negative=True, count=7)
def es_neg_ensayo(g: Gen) -> str:
    return (f"Resume: en el ensayo, el paciente {g.digits(3)} (anonimizado) recibió sertralina durante {g.r.randint(4, 24)} semanas; "
            f"la depresión mejoró en el {g.r.randint(30, 70)}% de los casos. Centro: hospital universitario de {g.pick(['Sevilla', 'Zaragoza', 'Bilbao'])}.")


@kind("es", negative=True, count=7)
def es_neg_oferta_empleo(g: Gen) -> str:
    return (f"Mejora esta oferta: buscamos técnico/a de soporte en {g.pick(['Madrid', 'Valencia', 'Málaga'])}, contrato indefinido, {g.r.randint(22, 35)}.000 € brutos. "
            f"Envía tu CV a empleo@example.com indicando la referencia OF-{g.digits(4)}.")


@kind("it", negative=True, count=7)
def it_neg_ricetta_vuota(g: Gen) -> str:
    return (f"Traduci questo modulo vuoto:\nRICETTA MEDICA\nPaziente: ____________  Codice fiscale: ________________\nFarmaco: ____________  Posologia: ______\n"
            f"Medico: ____________  ASL n. {g.r.randint(1, 12)}")


@kind("it", negative=True, count=7)
def it_neg_annuncio(g: Gen) -> str:
    return (f"Rendi più accattivante: cerchiamo sviluppatore backend a {g.pick(['Milano', 'Torino', 'Bologna'])}, RAL {g.r.randint(35, 60)}k, ibrido. "
            f"Candidature a lavora@example.com, rif. {g.digits(5)}. Il colloquio si terrà in Sala Verdi al {g.r.randint(1, 9)}° piano.")


@kind("it", negative=True, count=7)
def it_neg_regex(g: Gen) -> str:
    return (f"Questa regex per il codice fiscale è giusta?\n```js\nconst CF = /^[A-Z]{{6}}\\d{{2}}[A-EHLMPRST]\\d{{2}}[A-Z]\\d{{3}}[A-Z]$/;\nconst MAX = {g.r.randint(16, 64)};\n```")


# ================================================================ surface variation
WRAP_PREFIX = {
    "en": ["hey, quick one - ", "URGENT: ", "Hi! ", "pls help. ", "Context below.\n", "Task for you:\n", "(sorry for the long paste) "],
    "es": ["Hola, ", "URGENTE: ", "Una cosa rápida: ", "Te pego esto:\n", "porfa, ", "Buenas. "],
    "it": ["Ciao, ", "URGENTE: ", "Domanda veloce: ", "Ti incollo questo:\n", "per favore ", "Buongiorno. "],
    "pt": ["Olá, ", "URGENTE: ", "Uma ajuda rápida: ", "Colo aqui:\n"],
}
WRAP_SUFFIX = {
    "en": ["\n\nthanks!!", "\n\nKeep it short.", "\n\n(answer in bullet points)", "\n\nty"],
    "es": ["\n\n¡gracias!", "\n\nQue sea breve.", "\n\nen viñetas por favor"],
    "it": ["\n\ngrazie mille", "\n\nSii breve.", "\n\nin elenco puntato grazie"],
    "pt": ["\n\nobrigado!", "\n\nSê breve."],
}


def vary_surface(marked: str, lang: str, rng: random.Random) -> str:
    """Vary casing, typos and framing outside labelled values so one template yields many shapes."""
    first, sep, rest = marked.partition("\n")
    if _OPEN not in first:
        roll = rng.random()
        if roll < 0.15:
            first = first.lower()
        elif roll < 0.25:
            words = first.split(" ")
            i = rng.randrange(len(words))
            w = words[i]
            if len(w) > 4 and w.isalpha():
                j = rng.randrange(1, len(w) - 2)
                words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
            first = " ".join(words)
        marked = first + sep + rest
    if rng.random() < 0.35:
        marked = rng.choice(WRAP_PREFIX[lang]) + marked
    if rng.random() < 0.2:
        marked = marked + rng.choice(WRAP_SUFFIX[lang])
    return marked


# ================================================================ build
@dataclass(frozen=True)
class Record:
    id: str
    kind: str
    lang: str
    negative: bool
    text: str
    spans: tuple[Span, ...]

    def to_json(self) -> str:
        return json.dumps({
            "id": self.id, "kind": self.kind, "lang": self.lang, "negative": self.negative, "text": self.text,
            "spans": [{"start": s.start, "end": s.end, "entity_type": s.entity_type,
                       "category": CATEGORY[s.entity_type]} for s in self.spans],
        }, ensure_ascii=False)


def build_records() -> list[Record]:
    records: list[Record] = []
    seen: set[str] = set()
    rejected: list[str] = []
    for k in KINDS:
        rng = random.Random(f"{SEED}:{k.name}")
        made = 0
        attempts = 0
        while made < k.count:
            attempts += 1
            if attempts > k.count * 20:
                if "-v" in sys.argv:
                    print(f"GAVE UP {k.name}", file=sys.stderr)
                    break
                raise RuntimeError(f"{k.name}: too many rejections: {rejected[-5:]}")
            marked = k.fn(Gen(rng, k.lang))
            marked = vary_surface(marked, k.lang, rng)
            text, spans = strip_markers(marked)
            if text in seen:
                continue
            problems = audit(text, spans) + hygiene(text, spans)
            if k.negative and spans:
                problems.append("negative kind produced spans")
            if not k.negative and not spans:
                problems.append("positive kind produced no spans")
            if problems:
                rejected.append(f"{k.name}: {problems}")
                continue
            seen.add(text)
            made += 1
            records.append(Record(f"blind7-{k.lang}-{k.name}-{made:02d}", k.name, k.lang, k.negative, text, tuple(spans)))
    if rejected and "-v" in sys.argv:
        for r in rejected:
            print("rejected", r, file=sys.stderr)
    return records


def render(records: list[Record]) -> str:
    return "".join(r.to_json() + "\n" for r in records)


def main(argv: list[str]) -> int:
    content = render(build_records())
    if "--check" in argv:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != content:
            print("blind7.jsonl is stale; run build_blind7.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(content, encoding="utf-8")
    print(f"wrote {content.count(chr(10))} records to {OUT.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
