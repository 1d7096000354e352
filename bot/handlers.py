"""The bot's handlers: each parses one kind of update, asks the archive in a worker
thread, renders, and replies."""

from __future__ import annotations

import asyncio
import logging

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Message,
    Update,
)
from telegram.constants import ChatType
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes

from bot.commands import latest_count
from bot.flood import Verdict
from bot.paging import PAGE_SIZE, Page, callback_data, fetch_page, page_of
from bot.phrases import language_of, phrase
from bot.reloading import ReloadInProgress
from bot.rendering import (
    description_text,
    help_html,
    latest_html,
    passage_html,
    reload_html,
    results_html,
    shorten,
    stats_html,
)
from bot.services import SERVICES, Services
from retrieval.errors import EmptyQuery

logger = logging.getLogger(__name__)

# Inline results offered for a question: a short list to pick one passage from (Telegram
# would take 50, but past ten they are weak matches).
INLINE_RESULTS = 10
# Telegram may reuse an inline answer this long; the archive changes only on /reload.
INLINE_CACHE_SECONDS = 300
# An inline result's title: one line of a phone screen.
INLINE_TITLE_CHARS = 100


def services_of(context: ContextTypes.DEFAULT_TYPE) -> Services:
    return context.bot_data[SERVICES]


def reader_language(update: Update) -> str:
    user = update.effective_user
    return language_of(user.language_code if user else None)


async def reply(
    message: Message | None, text: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    """Reply in the message's chat; in a group, as a reply to it, so the thread is clear."""
    if message is None:
        return  # an update with no message to answer (the handlers' filters exclude it)
    await message.reply_text(
        text, reply_markup=markup, do_quote=message.chat.type != ChatType.PRIVATE
    )


async def within_pace(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Whether this user's request may be served; past the pace, warn them once."""
    user = update.effective_user
    if user is None:
        return True
    verdict = services_of(context).flood.check(user.id)
    if verdict is Verdict.ANSWER:
        return True
    logger.info("Flood guard: user %s is over the pace (%s)", user.id, verdict.value)
    if verdict is Verdict.WARN:
        text = phrase("slow_down", reader_language(update))
        if update.callback_query:
            await update.callback_query.answer(text)
        elif update.effective_message:
            await reply(update.effective_message, text)
    elif update.callback_query:
        await update.callback_query.answer()  # every button press gets its answer
    return False


def keyboard(
    page: Page, has_more: bool, language: str, services: Services
) -> InlineKeyboardMarkup | None:
    """Back and More buttons around a page of passages, when there is somewhere to go."""
    buttons = []
    if page.offset > 0:
        back = Page(page.query, max(0, page.offset - PAGE_SIZE))
        buttons.append(
            InlineKeyboardButton(
                phrase("back", language), callback_data=callback_data(back, services.questions)
            )
        )
    if has_more:
        more = Page(page.query, page.offset + PAGE_SIZE)
        buttons.append(
            InlineKeyboardButton(
                phrase("more", language), callback_data=callback_data(more, services.questions)
            )
        )
    return InlineKeyboardMarkup([buttons]) if buttons else None


async def answer_question(update: Update, context: ContextTypes.DEFAULT_TYPE, query: str) -> None:
    """Reply with the best passages for `query`, and a More button if there are more."""
    message = update.effective_message
    if message is None or not await within_pace(update, context):
        return
    services = services_of(context)
    language = reader_language(update)
    page = Page(query.strip(), 0)
    try:
        results, has_more = await asyncio.to_thread(fetch_page, services.archive, page)
    except EmptyQuery:
        await reply(message, phrase("empty_query", language))
        return
    await reply(
        message,
        results_html(results, language, page.offset),
        keyboard(page, has_more, language, services),
    )


async def question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A plain-text message in a private chat is a question."""
    message = update.effective_message
    if message is None or not message.text:
        return
    await answer_question(update, context, message.text)


async def reply_to_bot(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """In a group, a reply to one of the bot's own messages is a question."""
    message = update.effective_message
    if message is None or not message.text:
        return
    replied = message.reply_to_message
    if replied is None or replied.from_user is None or replied.from_user.id != context.bot.id:
        return
    await answer_question(update, context, message.text)


async def ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/ask <question>: the way to ask in a group (it works in private too)."""
    text = " ".join(context.args or [])
    if not text.strip():
        await reply(update.effective_message, phrase("ask_usage", reader_language(update)))
        return
    await answer_question(update, context, text)


async def more(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The More and Back buttons: show another page by editing the same message."""
    button = update.callback_query
    if button is None:
        return
    services = services_of(context)
    language = reader_language(update)
    page = page_of(button.data or "", services.questions)
    if page is None:
        await button.answer(phrase("expired", language))
        return
    if not await within_pace(update, context):
        return
    await button.answer()
    try:
        results, has_more = await asyncio.to_thread(fetch_page, services.archive, page)
    except EmptyQuery:
        return
    try:
        await button.edit_message_text(
            results_html(results, language, page.offset),
            reply_markup=keyboard(page, has_more, language, services),
        )
    except BadRequest as error:
        # A button tapped twice asks for the page already shown: nothing to change.
        if "message is not modified" not in error.message.lower():
            raise


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start and /help: what the bot does, in the reader's language."""
    user = update.effective_user
    is_admin = user is not None and user.id in services_of(context).admin_ids
    await reply(
        update.effective_message,
        help_html(reader_language(update), context.bot.username, is_admin),
    )


async def latest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/latest [n]: the newest articles, 5 unless told, at most 20."""
    message = update.effective_message
    language = reader_language(update)
    count = latest_count(context.args or [])
    if count is None:
        await reply(message, phrase("latest_usage", language))
        return
    if not await within_pace(update, context):
        return
    articles = await asyncio.to_thread(services_of(context).archive.latest, count)
    await reply(message, latest_html(articles, language))


async def admitted(update: Update, context: ContextTypes.DEFAULT_TYPE, command: str) -> bool:
    """Whether the sender may use an admin command; if not, tell them and log it."""
    user = update.effective_user
    admins = services_of(context).admin_ids
    if user is not None and user.id in admins:
        return True
    logger.warning("Refused /%s to user %s", command, user.id if user else "unknown")
    key = "not_admin" if admins else "admin_disabled"
    await reply(update.effective_message, phrase(key, reader_language(update)))
    return False


async def reload(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/reload (admins): rebuild the archive from its folder while answering from the
    current one, then switch to it and report."""
    if not await admitted(update, context, "reload"):
        return
    message = update.effective_message
    language = reader_language(update)
    archive = services_of(context).archive
    try:
        pending = archive.start_reload()
    except ReloadInProgress:
        await reply(message, phrase("already_reloading", language))
        return
    logger.info("Reload from %s started", archive.folder)
    await reply(message, phrase("reloading", language, folder=str(archive.folder)))
    outcome = await pending
    logger.info("Reload done in %.1f s: %s", outcome.seconds, outcome.error or outcome.report)
    await reply(message, reload_html(outcome, language))


async def stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/stats (admins): what the archive holds."""
    if not await admitted(update, context, "stats"):
        return
    numbers = await asyncio.to_thread(services_of(context).archive.statistics)
    await reply(update.effective_message, stats_html(numbers, reader_language(update)))


async def inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """@bot question, in any chat: up to 10 passages to pick from and send."""
    inline = update.inline_query
    if inline is None:
        return
    text = inline.query.strip()
    if not text:
        await inline.answer([], cache_time=INLINE_CACHE_SECONDS)
        return
    language = reader_language(update)
    archive = services_of(context).archive
    try:
        results = await asyncio.to_thread(archive.search, text, INLINE_RESULTS)
    except EmptyQuery:
        await inline.answer([], cache_time=INLINE_CACHE_SECONDS)
        return
    await inline.answer(
        [
            InlineQueryResultArticle(
                id=str(hit.paragraph_id),
                title=shorten(hit.title, INLINE_TITLE_CHARS),
                description=description_text(hit, results.terms),
                input_message_content=InputTextMessageContent(
                    passage_html(hit, results.terms, language)
                ),
            )
            for hit in results.hits
        ],
        cache_time=INLINE_CACHE_SECONDS,
    )


async def report_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log any handler's exception with its traceback, and tell the user briefly."""
    logger.error("Exception while handling an update", exc_info=context.error)
    if not isinstance(update, Update):
        return
    text = phrase("error", reader_language(update))
    try:
        if update.callback_query:
            try:
                await update.callback_query.answer(text)
                return
            except BadRequest:
                pass  # answered already: say it in the chat instead
        if update.effective_message:
            await reply(update.effective_message, text)
    except TelegramError:
        logger.warning("Could not tell the user about the error", exc_info=True)
