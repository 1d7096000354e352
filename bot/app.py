"""Wiring: the Telegram `Application`, its services and handlers, and running it."""

from __future__ import annotations

import asyncio
import logging

from telegram import BotCommand, BotCommandScopeChat, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from bot import handlers
from bot.phrases import ADMIN_COMMANDS, PUBLIC_COMMANDS
from bot.reloading import LiveArchive
from bot.services import SERVICES, Services
from bot.settings import Settings, SettingsError, file_base_url

logger = logging.getLogger(__name__)

# Updates handled at once. Searches and reloads wait in worker threads, so one slow
# request must not hold the others; asyncio.to_thread's pool has at most 32 threads, and
# more updates in flight than that would only queue there.
CONCURRENT_UPDATES = 32
# A request Telegram answers with "retry after" is tried again this many times.
RATE_LIMIT_RETRIES = 2


def build_application(
    settings: Settings,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
) -> Application:
    """The bot's Application, ready to run. `request` replaces the HTTP layer (tests)."""
    if not settings.token:
        raise SettingsError("TELEGRAM_BOT_TOKEN is not set: get a token from @BotFather.")

    async def open_services(application: Application) -> None:
        archive = LiveArchive(settings.archive_dir, settings.archive_db)
        report = await asyncio.to_thread(archive.open)
        if report is not None:
            logger.info(
                "Built %s from %s: %d documents, %d paragraphs, %d skipped",
                settings.archive_db,
                settings.archive_dir,
                report.documents,
                report.paragraphs,
                len(report.rejections),
            )
        application.bot_data[SERVICES] = Services(archive, settings.admin_ids)
        if not settings.admin_ids:
            logger.warning("ADMIN_IDS is empty: the admin commands /reload and /stats are off")
        await set_commands(application, settings.admin_ids)
        logger.info("Serving %s as @%s", settings.archive_db, application.bot.username)

    async def close_services(application: Application) -> None:
        services: Services | None = application.bot_data.get(SERVICES)
        if services is not None:
            await asyncio.to_thread(services.archive.close)

    builder = (
        Application.builder()
        .token(settings.token)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                # A reply holds up to three links: a preview of the first one would
                # push the passages off the screen.
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .rate_limiter(AIORateLimiter(max_retries=RATE_LIMIT_RETRIES))
        .concurrent_updates(CONCURRENT_UPDATES)
        .post_init(open_services)
        .post_shutdown(close_services)
    )
    if settings.api_base_url:
        builder = builder.base_url(settings.api_base_url).base_file_url(
            file_base_url(settings.api_base_url)
        )
    if request is not None:
        builder = builder.request(request)
    if get_updates_request is not None:
        builder = builder.get_updates_request(get_updates_request)
    application = builder.build()
    add_handlers(application)
    return application


def add_handlers(application: Application) -> None:
    only_new = filters.UpdateType.MESSAGE  # edits of old messages are not new questions
    # Commands, in private chats and groups alike
    application.add_handler(CommandHandler(["start", "help"], handlers.start, only_new))
    application.add_handler(CommandHandler("ask", handlers.ask, only_new))
    application.add_handler(CommandHandler("latest", handlers.latest, only_new))
    application.add_handler(CommandHandler("reload", handlers.reload, only_new))
    application.add_handler(CommandHandler("stats", handlers.stats, only_new))
    # Plain text is a question in a private chat; in a group, only as a reply to the bot
    text = filters.TEXT & ~filters.COMMAND & ~filters.VIA_BOT & only_new
    application.add_handler(MessageHandler(text & filters.ChatType.PRIVATE, handlers.question))
    application.add_handler(
        MessageHandler(text & filters.ChatType.GROUPS & filters.REPLY, handlers.reply_to_bot)
    )
    # The More and Back buttons (any other button data is answered as expired)
    application.add_handler(CallbackQueryHandler(handlers.more))
    # @bot question, from any chat
    application.add_handler(InlineQueryHandler(handlers.inline_query))
    application.add_error_handler(handlers.report_error)


def bot_commands(table: dict[str, str]) -> list[BotCommand]:
    return [BotCommand(command, description) for command, description in table.items()]


async def set_commands(application: Application, admin_ids: frozenset[int]) -> None:
    """The command menu, in English and French; admins' own chats also list theirs."""
    bot = application.bot
    for language, table in PUBLIC_COMMANDS.items():
        await bot.set_my_commands(
            bot_commands(table), language_code=None if language == "en" else language
        )
    for admin_id in sorted(admin_ids):
        for language, table in PUBLIC_COMMANDS.items():
            try:
                await bot.set_my_commands(
                    bot_commands({**table, **ADMIN_COMMANDS[language]}),
                    scope=BotCommandScopeChat(admin_id),
                    language_code=None if language == "en" else language,
                )
            except TelegramError as error:
                # Telegram knows a chat only once its user has started the bot.
                logger.warning("No admin command menu for %s: %s", admin_id, error)
                break


def run_bot(settings: Settings) -> None:
    """Poll Telegram for updates until interrupted."""
    application = build_application(settings)
    application.run_polling(allowed_updates=Update.ALL_TYPES)
