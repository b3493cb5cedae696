"""Which language codes exist: ISO 639-1 (two letters) and ISO 639-3 (three letters).

A fixed table (no Qt, no network): the languages Qt's locale data knows, taken from it once. A
code not in it is almost always a typo (``sp`` for ``es``); ``--check`` warns, nothing breaks.
"""

from __future__ import annotations

from typing import Final

_TWO_LETTER: Final = """
    aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv
    cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho
    hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku
    kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn
    no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm
    sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt ty ug uk ur uz ve vi vo
    wa wo xh yi yo za zh zu
"""
_THREE_LETTER: Final = """
    aar abk afr agq aka akk amh ann ara arc arg arn asa ase asm ast ava ave aym aze bak bal
    bam ban bas bax bbc bel bem ben bez bgc bgn bho bis blo blt bod bos bre brx bss bug bul
    byn cat cch ccp ceb ces cgg cha che chr chu chv cic ckb cop cor cos cre csw cym dan dav
    deu div dje doi dsb dua dyo dzo ebu egy ell eng epo est eus ewe ewo fao fas fij fil fin
    fra frr fry ful fur gaa gez gla gle glg glv got grc grn gsw guj guz hat hau haw heb her
    hin hmo hrv hsb hun hye ibo ido iii iku ile ina ind inh ipk isl ita jav jbo jgo jmc jpn
    kaa kab kaj kal kam kan kas kat kau kaz kcg kde kea ken kfo kgp khm khq kik kin kir kkj
    kln kok kom kon kor kpe ksb ksf ksh kua kur kxv lag lao lat lav lez lij lim lin lit lkt
    lld lrc ltz lub lug luo luy lzh mah mai mal man mar mas mdf men mer mfe mgh mgo mkd mlg
    mlt mni moh mon mri msa mua mus mya myv mzn naq nau nav nbl nde ndo nds nep new nld nmg
    nnh nno nob non nqo nso nus nya nyn oci oji ori orm osa oss pal pan pap pau pcm peo phn
    pis pli pol por prg pus quc que raj rhg rof roh ron run rus rwk sag sah san saq sat saz
    sbp scn sdh seh ses sga shi shn sid sin slk slv sma sme smj smn smo sms sna snd som sot
    spa sqi srd srp ssw ssy sun swa swe syr szl tah tam tat tel teo tgk tha tig tir tkl tok
    ton tpi trv trw tsn tso tuk tur tvl twq tzm uga uig ukr urd uzb vai vec ven vie vol vun
    wae wal wbp wln wol xho xnr xog yav yid yor yrl yue zgh zha zho zul
"""
KNOWN_LANGUAGES: Final = frozenset(_TWO_LETTER.split()) | frozenset(_THREE_LETTER.split())


def is_known_language(code: str) -> bool:
    """True for ``en``, ``es``, ``zh-Hans``, ``pt-BR``: the language part is a real language."""
    return code.split("-")[0].lower() in KNOWN_LANGUAGES
