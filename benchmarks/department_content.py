"""What the synthetic department is made of: its scale, seed and date, and its words.

The counts of each record (times SCALE), the seed and the fixed "today" of
benchmarks.department, and the names, places and sentences it draws from: German, French,
Vietnamese, Czech, Polish and English, diacritics kept. `prose` makes a note's, summary's or
description's text from them.
"""

import os
import random
from datetime import date

SEED = 20261126
TODAY = date(2026, 11, 26)

# How many times the department's size (`make bench SCALE=10`: a whole ministry); set by
# benchmarks.run's --scale before anything here is imported.
SCALE_ENV = "BILATERAL_BENCH_SCALE"
SCALE = int(os.environ.get(SCALE_ENV) or 1)
ORGANISATIONS = 1_000 * SCALE
PEOPLE = 5_000 * SCALE
MEETINGS = 10_000 * SCALE
NOTES = 100_000 * SCALE
PROPOSALS = 5_000 * SCALE
ACTION_ITEMS = 20_000 * SCALE
VISITS = 200 * SCALE
OWN_ORGANISATIONS = 6
# A word that occurs in only a few notes: the "rare word" of the search benchmark.
RARE_WORD = "Rückübernahmeabkommen"
RARE_NOTES = 7

COUNTRIES = {
    "DE": "de", "AT": "de", "CH": "de", "FR": "fr", "BE": "fr", "LU": "fr", "VN": "vi",
    "CZ": "cs", "PL": "pl", "GB": "en", "IE": "en", "US": "en", "CA": "fr", "SK": "cs",
}  # fmt: skip
CITIES = {
    "de": ["Wien", "München", "Köln", "Düsseldorf", "Zürich", "Saarbrücken", "Göttingen"],
    "fr": ["Genève", "Besançon", "Orléans", "Nîmes", "Liège", "Montréal", "Périgueux"],
    "vi": ["Hà Nội", "Đà Nẵng", "Huế", "Hải Phòng", "Cần Thơ", "Thành phố Hồ Chí Minh"],
    "cs": ["Praha", "Brno", "Plzeň", "České Budějovice", "Košice", "Žilina"],
    "pl": ["Kraków", "Łódź", "Gdańsk", "Poznań", "Wrocław", "Białystok"],
    "en": ["London", "Dublin", "Washington", "Cork", "Leeds", "Boston"],
}
ORG_PATTERNS = {
    "de": [("Bundesministerium für {}", "ministry"), ("Landespolizeidirektion {}", "police"),
           ("Bundesamt für {}", "agency"), ("Institut für {}", "research institute")],
    "fr": [("Ministère de {}", "ministry"), ("Direction générale de {}", "agency"),
           ("Préfecture de police de {}", "police"),
           ("Institut d'études de {}", "research institute")],
    "vi": [("Bộ {}", "ministry"), ("Cục {}", "agency"), ("Công an tỉnh {}", "police"),
           ("Viện nghiên cứu {}", "research institute")],
    "cs": [("Ministerstvo {}", "ministry"), ("Krajské ředitelství policie {}", "police"),
           ("Úřad pro {}", "agency")],
    "pl": [("Ministerstwo {}", "ministry"), ("Komenda Wojewódzka Policji {}", "police"),
           ("Urząd do spraw {}", "agency")],
    "en": [("Ministry of {}", "ministry"), ("{} Police Service", "police"),
           ("Agency for {}", "agency"), ("{} Institute", "research institute")],
}  # fmt: skip
ORG_SUBJECTS = {
    "de": ["Inneres", "Justiz", "Digitalisierung", "Migration", "Zollwesen", "Katastrophenschutz"],
    "fr": ["l'Intérieur", "la Justice", "la Sécurité civile", "l'Immigration", "la Défense"],
    "vi": ["Công an", "Tư pháp", "Ngoại giao", "Quốc phòng", "Thông tin và Truyền thông"],
    "cs": ["vnitra", "spravedlnosti", "zahraničních věcí", "obrany"],
    "pl": ["Spraw Wewnętrznych", "Sprawiedliwości", "Cyfryzacji", "Obrony Narodowej"],
    "en": ["Home Affairs", "Justice", "Border Security", "Cyber Resilience", "Civil Protection"],
}
GIVEN = {
    "de": ["Jürgen", "Käthe", "Björn", "Günther", "Sören", "Annelie", "Matthias", "Ursula"],
    "fr": ["Hélène", "François", "Jérôme", "Cécile", "Anaïs", "Loïc", "Gaël", "Émilie"],
    "vi": ["Văn Hùng", "Thị Lan", "Quốc Bảo", "Đức Anh", "Minh Châu", "Thu Hằng", "Đình Tuấn"],
    "cs": ["Jiří", "Tomáš", "Věra", "Radek", "Zuzana", "Lukáš", "Markéta"],
    "pl": ["Łukasz", "Małgorzata", "Paweł", "Żaneta", "Wojciech", "Agnieszka", "Michał"],
    "en": ["Siobhán", "Seán", "Margaret", "Oliver", "Aoife", "James", "Niamh"],
}
FAMILY = {
    "de": ["Müller", "Schäfer", "Groß", "Weiß", "Köhler", "Jäger", "Huber", "Bäumer", "Strauß"],
    "fr": ["Lefèvre", "Béranger", "Dubois", "Gauthier", "Lemaître", "Mérieux", "Thévenot"],
    "vi": ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"],
    "cs": ["Dvořák", "Novák", "Šťastný", "Černý", "Procházková", "Kučera", "Růžička"],
    "pl": ["Wałęsa", "Kowalski", "Wiśniewska", "Wójcik", "Kamiński", "Zieliński", "Dąbrowska"],
    "en": ["O'Brien", "Murphy", "Smith", "Walsh", "Byrne", "Taylor", "Kennedy"],
}
TITLES = ["", "", "Dr.", "Mag.", "Prof.", "Generalmajor", "Đại tá", "Colonel", "Ing."]
POSITIONS = ["Director General", "Head of Unit", "Desk Officer", "Deputy Minister", "Attaché",
             "Abteilungsleiterin", "Chef de bureau", "Vụ trưởng", "Phó Cục trưởng",
             "Referent"]  # fmt: skip
TOPICS = [
    "cybersecurity", "cybercrime", "extradition", "border control", "migration",
    "police training", "disaster relief", "e-government", "data protection", "forensics",
    "counter-terrorism", "drug trafficking", "human trafficking", "document security",
    "civil protection", "firearms", "money laundering", "liaison officers", "road safety",
    "visa policy", "readmission", "judicial cooperation", "protocol",
]  # fmt: skip


def _split(text: str) -> list[str]:
    return text.split()


WORDS = {
    "en": _split(
        "the delegation agreed to cooperation on training and exchange of experts next year "
        "both sides stressed that information sharing must respect data protection rules a draft "
        "memorandum will be circulated before the summer the partner asked for equipment support "
        "cybersecurity cybercrime cyberattack forensic laboratory border management"
    ),
    "de": _split(
        "die Delegation vereinbarte eine Zusammenarbeit bei der Ausbildung und einen "
        "Expertenaustausch im nächsten Jahr beide Seiten betonten dass der Informationsaustausch "
        "den Datenschutz achten muss Übergabe Schulung Grenzübertritt Prüfung Maßnahmen größere "
        "Bundesländer Fortschritt Abschluss Verhandlungen Gespräch"
    ),
    "fr": _split(
        "la délégation a convenu d'une coopération en matière de formation et d'un échange "
        "d'experts l'année prochaine les deux parties ont souligné que l'échange d'informations "
        "doit respecter la protection des données préfecture sécurité intérieure réunion "
        "prochaine étape"
    ),
    "vi": _split(
        "hai bên nhất trí tăng cường hợp tác trong lĩnh vực đào tạo và trao đổi chuyên gia "
        "năm tới phía bạn đề nghị hỗ trợ trang thiết bị an ninh mạng phòng chống tội phạm "
        "xuất nhập cảnh Đà Nẵng Hà Nội bản ghi nhớ ký kết đoàn công tác"
    ),
    "cs": _split(
        "obě strany se dohodly na spolupráci v oblasti výcviku a výměny odborníků příští rok "
        "ochrana údajů hraniční kontrola kybernetická bezpečnost memorandum"
    ),
    "pl": _split(
        "obie strony uzgodniły współpracę w zakresie szkoleń oraz wymiany ekspertów w "
        "przyszłym roku ochrona danych straż graniczna cyberbezpieczeństwo porozumienie"
    ),
}
LANGUAGES = tuple(WORDS)
DATE_FORMATS = {"year": "%Y", "month": "%Y-%m", "day": "%Y-%m-%d"}
OWNERS = ["Huber", "Nguyễn Thị Lan", "Lefèvre", "Schäfer", "Dvořák", "Wójcik", "O'Brien", "me"]


def prose(rng: random.Random, language: str, words: int) -> str:
    """`words` words of `language`, in sentences of twelve."""
    vocabulary = WORDS[language]
    chosen = rng.choices(vocabulary, k=words)
    sentences = []
    for start in range(0, words, 12):
        sentence = " ".join(chosen[start : start + 12])
        sentences.append(sentence[:1].upper() + sentence[1:] + ".")
    return " ".join(sentences)
