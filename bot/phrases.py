"""What the bot says, in French and in English.

Phrases are Telegram HTML templates: their fixed markup is safe, and whatever fills a
`{placeholder}` must be escaped by the caller (rendering does it).
"""

from __future__ import annotations

import re

LANGUAGES = ("en", "fr")

MONTHS = {
    "en": (
        "January February March April May June July August September October November December"
    ).split(),
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
}

PHRASES: dict[str, dict[str, str]] = {
    "help": {
        "en": (
            "<b>Bulletin Bot</b> answers questions about an archive of news bulletins "
            "with the passages that match best, their date and their source.\n\n"
            "• Write a question as a message, e.g. <i>NATO Russia cooperation</i>.\n"
            "• In a group: <code>/ask your question</code>, or reply to one of my messages.\n"
            "• /latest [n]: the newest articles (5 unless you give a number, at most 20).\n"
            "• Anywhere: type <code>@{username} your question</code> to share a passage."
        ),
        "fr": (
            "<b>Bulletin Bot</b> répond aux questions sur une archive de bulletins "
            "d’information avec les passages les plus pertinents, leur date et leur source.\n\n"
            "• Écrivez une question en message, par ex. <i>coopération OTAN Russie</i>.\n"
            "• Dans un groupe : <code>/ask votre question</code>, ou répondez à un de mes messages.\n"
            "• /latest [n] : les articles les plus récents (5 sauf si vous donnez un nombre, 20 au plus).\n"
            "• Partout : tapez <code>@{username} votre question</code> pour partager un passage."
        ),
    },
    "help_admin": {
        "en": "\n\nFor admins: /reload re-reads the archive folder, /stats counts what it holds.",
        "fr": "\n\nPour les admins : /reload relit le dossier de l’archive, /stats compte son contenu.",
    },
    "results_header": {
        "en": "Passages {first}–{last} for <i>{query}</i> ({total} matching paragraphs)",
        "fr": "Passages {first} à {last} pour <i>{query}</i> ({total} paragraphes trouvés)",
    },
    "results_header_one": {
        "en": "Passage {first} for <i>{query}</i> ({total} matching paragraphs)",
        "fr": "Passage {first} pour <i>{query}</i> ({total} paragraphes trouvés)",
    },
    "no_match": {
        "en": (
            "Nothing in the archive matches <i>{query}</i>.\n"
            "Try fewer words, or other ones (a name, a place, a subject), "
            "or see the newest articles with /latest."
        ),
        "fr": (
            "Rien dans l’archive ne correspond à <i>{query}</i>.\n"
            "Essayez avec moins de mots, ou d’autres (un nom, un lieu, un sujet), "
            "ou voyez les articles les plus récents avec /latest."
        ),
    },
    "no_more": {
        "en": "No more passages for <i>{query}</i>.",
        "fr": "Plus d’autres passages pour <i>{query}</i>.",
    },
    "empty_query": {
        "en": (
            "Your question has no word to search for: it is empty or made only of common "
            "words. Try names, places or subjects."
        ),
        "fr": (
            "Votre question n’a aucun mot à chercher : elle est vide ou faite de mots trop "
            "courants. Essayez des noms, des lieux ou des sujets."
        ),
    },
    "ask_usage": {
        "en": "Write your question after the command: <code>/ask NATO enlargement</code>.",
        "fr": "Écrivez votre question après la commande : <code>/ask élargissement OTAN</code>.",
    },
    "more": {"en": "More ▸", "fr": "Suite ▸"},
    "back": {"en": "◂ Back", "fr": "◂ Retour"},
    "expired": {
        "en": "This list has expired: please ask again.",
        "fr": "Cette liste a expiré : reposez la question.",
    },
    "latest_header": {
        "en": "<b>The {count} newest articles</b>",
        "fr": "<b>Les {count} articles les plus récents</b>",
    },
    "latest_header_one": {
        "en": "<b>The newest article</b>",
        "fr": "<b>L’article le plus récent</b>",
    },
    "latest_usage": {
        "en": "Use /latest, or /latest followed by a number from 1 to 20.",
        "fr": "Utilisez /latest, ou /latest suivi d’un nombre de 1 à 20.",
    },
    "latest_empty": {"en": "The archive holds no article yet.", "fr": "L’archive est vide."},
    "undated": {"en": "undated", "fr": "sans date"},
    "not_admin": {
        "en": "Sorry, this command is for the bot’s administrators.",
        "fr": "Désolé, cette commande est réservée aux administrateurs du bot.",
    },
    "admin_disabled": {
        "en": "Admin commands are turned off on this bot (no ADMIN_IDS set).",
        "fr": "Les commandes d’administration sont désactivées sur ce bot (ADMIN_IDS vide).",
    },
    "reloading": {
        "en": "Reloading the archive from <code>{folder}</code>… I keep answering meanwhile.",
        "fr": "Rechargement de l’archive depuis <code>{folder}</code>… je continue à répondre.",
    },
    "already_reloading": {
        "en": "Already reloading: wait for the report of the reload under way.",
        "fr": "Rechargement déjà en cours : attendez le rapport de celui-ci.",
    },
    "reloaded": {
        "en": (
            "<b>Reloaded</b> in {seconds} s: {files} files, {documents} documents "
            "({written} new or changed: {articles} articles, {paragraphs} paragraphs; "
            "{unchanged} unchanged; {removed} removed). Now serving the new archive."
        ),
        "fr": (
            "<b>Rechargé</b> en {seconds} s : {files} fichiers, {documents} documents "
            "({written} nouveaux ou modifiés : {articles} articles, {paragraphs} paragraphes ; "
            "{unchanged} inchangés ; {removed} retirés). La nouvelle archive est en service."
        ),
    },
    "reload_empty": {
        "en": (
            "<b>Reload ingested nothing</b> from <code>{folder}</code> ({files} files, "
            "{seconds} s). The previous archive keeps serving."
        ),
        "fr": (
            "<b>Le rechargement n’a rien lu</b> dans <code>{folder}</code> ({files} fichiers, "
            "{seconds} s). L’archive précédente reste en service."
        ),
    },
    "reload_failed": {
        "en": "<b>Reload failed</b>: {reason}\nThe previous archive keeps serving.",
        "fr": "<b>Échec du rechargement</b> : {reason}\nL’archive précédente reste en service.",
    },
    "skipped": {"en": "Skipped {count}:", "fr": "Ignorés ({count}) :"},
    "and_more": {"en": "… and {count} more.", "fr": "… et {count} autres."},
    "stats": {
        "en": (
            "<b>Archive</b>: {documents} documents, {articles} articles, "
            "{paragraphs} paragraphs.\nDates: {first} to {last}."
        ),
        "fr": (
            "<b>Archive</b> : {documents} documents, {articles} articles, "
            "{paragraphs} paragraphes.\nDates : du {first} au {last}."
        ),
    },
    "languages": {"en": "Languages", "fr": "Langues"},
    "publications": {"en": "Publications", "fr": "Publications"},
    "slow_down": {
        "en": "You are asking faster than I can answer well. Please wait a few seconds.",
        "fr": "Vous posez les questions plus vite que je ne peux bien répondre. "
        "Patientez quelques secondes, s’il vous plaît.",
    },
    "error": {
        "en": "Sorry, something went wrong. Please try again in a moment.",
        "fr": "Désolé, une erreur s’est produite. Réessayez dans un instant.",
    },
    "terminal_more": {
        "en": "(/more for the next passages, /back for the previous ones)",
        "fr": "(/more pour les passages suivants, /back pour les précédents)",
    },
    "terminal_back": {
        "en": "(/back for the previous passages)",
        "fr": "(/back pour les passages précédents)",
    },
    "terminal_hint": {
        "en": "In this terminal: type a question, or /more, /latest [n], /stats, /help, /quit.",
        "fr": "Dans ce terminal : tapez une question, ou /more, /latest [n], /stats, /help, /quit.",
    },
    "terminal_nothing_more": {
        "en": "Ask a question first; then /more shows the next passages.",
        "fr": "Posez d’abord une question ; /more montre ensuite les passages suivants.",
    },
    "unknown_command": {
        "en": "Unknown command. /help says what I can do.",
        "fr": "Commande inconnue. /help dit ce que je sais faire.",
    },
}

# The command menu set at start-up: command -> description, per language.
PUBLIC_COMMANDS = {
    "en": {
        "ask": "Ask a question about the archive",
        "latest": "The newest articles: /latest [n]",
        "help": "What this bot does",
    },
    "fr": {
        "ask": "Poser une question sur l’archive",
        "latest": "Les articles récents : /latest [n]",
        "help": "Ce que fait ce bot",
    },
}
ADMIN_COMMANDS = {
    "en": {"reload": "Re-read the archive folder", "stats": "What the archive holds"},
    "fr": {"reload": "Relire le dossier de l’archive", "stats": "Le contenu de l’archive"},
}


def language_of(code: str | None) -> str:
    """The reader's language from Telegram's `language_code` ("fr-CA" -> "fr") or a
    locale ("fr_FR.UTF-8"); English for anything else."""
    if code and re.split(r"[-_.@]", code)[0].lower() == "fr":
        return "fr"
    return "en"


def phrase(key: str, language: str, **values: object) -> str:
    """The phrase `key` in `language`, filled with `values` (already escaped)."""
    template = PHRASES[key][language if language in LANGUAGES else "en"]
    return template.format(**values) if values else template
