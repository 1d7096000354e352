"""The bot through its real Application: real Update objects in, Bot API calls out to the
fake Telegram, which fails the test on any unexpected method, any text that is not valid
Telegram HTML or is over 4096 characters, and any button data over 64 bytes."""

from __future__ import annotations

import json
import logging
import shutil

from bot_fixtures import (
    ADMIN,
    GROUP_ID,
    READER_EN,
    READER_FR,
    SPECIAL_BULLETIN,
    bot_settings,
    run,
    running_bot,
    until,
)
from fake_bot_api import BOT_USERNAME, NOT_MODIFIED, buttons_of, visible_text

from bot.flood import QUESTIONS_PER_WINDOW
from bot.services import SERVICES


def test_a_private_question_gets_three_passages_and_a_more_button(tmp_path):
    async def scenario():
        async with running_bot(bot_settings(tmp_path)) as bot:
            await bot.send(bot.message("OTAN Russie"))
            [reply] = bot.replies()
            text = reply.params["text"]
            assert reply.params["chat_id"] == READER_FR["id"]
            assert text.startswith("Passages 1 à 3 pour <i>OTAN Russie</i>")
            assert (
                text.count("<b>1. L’OTAN et la Russie renforcent leur coopération militaire</b>")
                == 1
            )
            assert "<b>3. " in text and "<b>4. " not in text
            assert text.count("7 avril 2004 · OTAN Hebdo · 000_4e6e8aab6642041b.txt") == 3
            assert "<b>OTAN</b>" in text and "<b>Russie</b>" in text
            [more] = buttons_of(reply.params["reply_markup"])
            assert more["text"] == "Suite ▸"
            assert "reply_parameters" not in reply.params  # no quote in a private chat

    run(scenario())


def test_dates_and_words_follow_the_readers_language(tmp_path):
    async def scenario():
        async with running_bot(bot_settings(tmp_path)) as bot:
            await bot.send(bot.message("OTAN Russie", user=READER_EN))
            text = bot.last_reply().params["text"]
            assert text.startswith("Passages 1–3 for <i>OTAN Russie</i> (7 matching paragraphs)")
            assert "7 April 2004 · OTAN Hebdo" in text
            assert buttons_of(bot.last_reply().params["reply_markup"])[0]["text"] == "More ▸"

    run(scenario())


def test_more_edits_the_same_message_and_answers_the_button(tmp_path):
    async def scenario():
        async with running_bot(bot_settings(tmp_path)) as bot:
            await bot.send(bot.message("OTAN Russie"))
            first = bot.last_reply()
            await bot.send(bot.press(first, "Suite"))
            [answer] = bot.telegram.calls_to("answerCallbackQuery")
            assert "text" not in answer.params  # answered silently: the edit is the answer
            [edit] = bot.telegram.calls_to("editMessageText")
            assert edit.params["message_id"] == first.result["message_id"]
            assert edit.params["chat_id"] == READER_FR["id"]
            assert edit.params["text"].startswith("Passages 4 à 6 pour <i>OTAN Russie</i>")
            assert "<b>4. " in edit.params["text"] and "<b>1. " not in edit.params["text"]
            labels = [b["text"] for b in buttons_of(edit.params["reply_markup"])]
            assert labels == ["◂ Retour", "Suite ▸"]
            # The last page has a Back button only.
            await bot.send(bot.press(edit, "Suite"))
            last = bot.telegram.calls_to("editMessageText")[-1]
            assert last.params["text"].startswith("Passage 7 pour <i>OTAN Russie</i>")
            assert [b["text"] for b in buttons_of(last.params["reply_markup"])] == ["◂ Retour"]
            await bot.send(bot.press(last, "Retour"))
            assert "Passages 4 à 6" in bot.telegram.calls_to("editMessageText")[-1].params["text"]
            assert len(bot.telegram.calls_to("answerCallbackQuery")) == 3
            assert len(bot.replies()) == 1  # pages replace each other; no new message

    run(scenario())


def test_a_button_tapped_twice_is_not_an_error(tmp_path, caplog):
    async def scenario():
        async with running_bot(bot_settings(tmp_path)) as bot:
            await bot.send(bot.message("OTAN Russie"))
            press = bot.press(bot.last_reply(), "Suite")
            await bot.send(press)
            await bot.send(press)  # same page again: Telegram says "not modified"
            edits = bot.telegram.calls_to("editMessageText")
            assert len(edits) == 2
            assert edits[1].error == NOT_MODIFIED  # the fake refused it as Telegram does
            assert len(bot.telegram.calls_to("answerCallbackQuery")) == 2
            assert len(bot.replies()) == 1  # no error message to the user
            assert not [r for r in caplog.records if r.levelno >= logging.ERROR]

    run(scenario())


def test_an_expired_or_unknown_button_is_answered_and_changes_nothing(tmp_path):
    async def scenario():
        async with running_bot(bot_settings(tmp_path)) as bot:
            await bot.send(bot.message("OTAN Russie"))
            sent = bot.last_reply()
            await bot.send(bot.button_data(sent, "k|3|0123456789abcdef"))
            await bot.send(bot.button_data(sent, "something-else"))
            answers = bot.telegram.calls_to("answerCallbackQuery")
            assert [a.params["text"] for a in answers] == [
                "Cette liste a expiré : reposez la question."
            ] * 2
            assert bot.telegram.calls_to("editMessageText") == []

    run(scenario())


def test_a_long_question_pages_through_a_short_key(tmp_path):
    question = (
        "coopération militaire entre l'OTAN et la Russie, bureaux de liaison à Mons et Norfolk"
    )

    async def scenario():
        async with running_bot(bot_settings(tmp_path)) as bot:
            await bot.send(bot.message(question))
            [more] = buttons_of(bot.last_reply().params["reply_markup"])
            assert more["callback_data"].startswith("k|3|")
            await bot.send(bot.press(bot.last_reply(), "Suite"))
            [edit] = bot.telegram.calls_to("editMessageText")
            assert edit.params["text"].startswith("Passages 4 à 6 pour <i>coopération militaire")

    run(scenario())


def test_no_match_says_so_and_suggests_what_to_try(tmp_path):
    async def scenario():
        async with running_bot(bot_settings(tmp_path)) as bot:
            await bot.send(bot.message("zanzibar quokka", user=READER_EN))
            reply = bot.last_reply()
            assert reply.params["text"] == (
                "Nothing in the archive matches <i>zanzibar quokka</i>.\n"
                "Try fewer words, or other ones (a name, a place, a subject), "
                "or see the newest articles with /latest."
            )
            assert "reply_markup" not in reply.params

    run(scenario())


def test_a_question_of_common_words_only_asks_for_better_words(tmp_path):
    async def scenario():
        async with running_bot(bot_settings(tmp_path)) as bot:
            await bot.send(bot.message("le la les of the", user=READER_EN))
            assert (
                bot.last_reply()
                .params["text"]
                .startswith("Your question has no word to search for")
            )

    run(scenario())


def test_in_a_group_plain_text_is_ignored_but_ask_and_replies_to_the_bot_are_answered(tmp_path):
    async def scenario():
        async with running_bot(bot_settings(tmp_path)) as bot:
            await bot.send(bot.message("OTAN Russie", chat_id=GROUP_ID))
            other = bot.message("hello", user=READER_EN, chat_id=GROUP_ID)["message"]
            await bot.send(bot.message("OTAN", chat_id=GROUP_ID, reply_to=other))
            assert bot.telegram.calls == [
                c for c in bot.telegram.calls if c.method != "sendMessage"
            ]

            ask = bot.message(f"/ask@{BOT_USERNAME} OTAN Russie", chat_id=GROUP_ID)
            await bot.send(ask)
            reply = bot.last_reply()
            assert reply.params["chat_id"] == GROUP_ID
            assert reply.params["reply_parameters"]["message_id"] == ask["message"]["message_id"]
            assert reply.params["text"].startswith("Passages 1 à 3 pour <i>OTAN Russie</i>")

            mine = bot.bot_message(GROUP_ID)
            await bot.send(bot.message("Moscou", chat_id=GROUP_ID, reply_to=mine))
            assert bot.last_reply().params["text"].startswith("Passages 1 à 3 pour <i>Moscou</i>")
            assert len(bot.replies()) == 2

            await bot.send(bot.message("/ask", chat_id=GROUP_ID))
            assert (
                bot.last_reply()
                .params["text"]
                .startswith("Écrivez votre question après la commande")
            )

    run(scenario())


def test_an_edited_message_is_not_a_new_question(tmp_path):
    async def scenario():
        async with running_bot(bot_settings(tmp_path)) as bot:
            edited = bot.message("OTAN Russie")["message"]
            await bot.send({"edited_message": {**edited, "edit_date": 1_700_000_100}})
            assert bot.replies() == []

    run(scenario())


def test_start_and_help_explain_the_bot_in_french_or_english(tmp_path):
    async def scenario():
        async with running_bot(bot_settings(tmp_path)) as bot:
            await bot.send(bot.message("/start"))
            french = bot.last_reply().params["text"]
            assert "Écrivez une question en message" in french
            assert f"<code>@{BOT_USERNAME} votre question</code>" in french
            assert "/reload" not in french

            await bot.send(bot.message("/help", user=READER_EN))
            english = bot.last_reply().params["text"]
            assert "Write a question as a message" in english
            assert "/latest [n]" in english

            await bot.send(bot.message("/help", user={**READER_EN, "language_code": "de"}))
            assert bot.last_reply().params["text"] == english

            await bot.send(bot.message("/help", user=ADMIN))
            assert "For admins: /reload" in bot.last_reply().params["text"]

    run(scenario())


def test_the_command_menu_is_set_at_start_up_in_both_languages(tmp_path):
    async def scenario():
        async with running_bot(bot_settings(tmp_path)) as bot:
            calls = bot.telegram.calls_to("setMyCommands")
            menus = {
                (
                    json.dumps(c.params.get("scope"), sort_keys=True),
                    c.params.get("language_code"),
                ): [command["command"] for command in c.params["commands"]]
                for c in calls
            }
            public = ["ask", "latest", "help"]
            admin_scope = json.dumps({"chat_id": ADMIN["id"], "type": "chat"})
            assert menus == {
                ("null", None): public,
                ("null", "fr"): public,
                (admin_scope, None): [*public, "reload", "stats"],
                (admin_scope, "fr"): [*public, "reload", "stats"],
            }

    run(scenario())


def dated_bulletins(folder, count):
    lines = [
        json.dumps(
            {
                "date": f"2006-{1 + i // 28:02d}-{1 + i % 28:02d}",
                "title": f"Bulletin number {i}",
                "language": "en",
                "url": f"https://example.org/bulletins/{i}",
                "text": f"Ministers met for the meeting number {i} and discussed the budget.",
            }
        )
        for i in range(count)
    ]
    (folder / "dated.jsonl").write_text("\n".join(lines) + "\n")


def test_latest_lists_the_newest_articles_five_by_default_and_twenty_at_most(tmp_path):
    settings = bot_settings(tmp_path)
    dated_bulletins(settings.archive_dir, 30)

    async def scenario():
        async with running_bot(settings) as bot:
            await bot.send(bot.message("/latest", user=READER_EN))
            text = bot.last_reply().params["text"]
            assert text.startswith("<b>The 5 newest articles</b>")
            assert text.count("<b>Bulletin number") == 5
            first, second = text.split("\n\n")[1:3]
            assert first == (
                "2 February 2006 · <b>Bulletin number 29</b>\n"
                'NATO Update · <a href="https://example.org/bulletins/29">example.org</a>'
            )
            assert second.startswith("1 February 2006 · <b>Bulletin number 28</b>")

            await bot.send(bot.message("/latest 50", user=READER_EN))
            assert bot.last_reply().params["text"].count("<b>Bulletin number") == 20

            await bot.send(bot.message("/latest 0"))
            text = bot.last_reply().params["text"]
            assert text.startswith("<b>L’article le plus récent</b>")
            assert "2 février 2006" in text

            await bot.send(bot.message("/latest many"))
            assert bot.last_reply().params["text"] == (
                "Utilisez /latest, ou /latest suivi d’un nombre de 1 à 20."
            )

    run(scenario())


def test_stats_is_for_admins(tmp_path, caplog):
    async def scenario():
        async with running_bot(bot_settings(tmp_path)) as bot:
            await bot.send(bot.message("/stats", user=ADMIN))
            text = bot.last_reply().params["text"]
            assert text.startswith("<b>Archive</b>: 2 documents, 2 articles, 9 paragraphs.")
            assert "Dates: 7 April 2004 to 14 March 2005." in text
            assert "Languages: fr: 1, en: 1" in text or "Languages: en: 1, fr: 1" in text
            assert "NATO Update &lt;special&gt; &amp; co: 1" in text

            await bot.send(bot.message("/stats", user=READER_EN))
            assert bot.last_reply().params["text"] == (
                "Sorry, this command is for the bot’s administrators."
            )
        assert f"Refused /stats to user {READER_EN['id']}" in caplog.text

    run(scenario())


def test_an_admin_reload_switches_to_the_new_archive_and_reports(tmp_path):
    settings = bot_settings(tmp_path)

    async def scenario():
        async with running_bot(settings) as bot:
            await bot.send(bot.message("quokka", user=READER_EN))
            assert bot.last_reply().params["text"].startswith("Nothing in the archive matches")

            (settings.archive_dir / "quokka.jsonl").write_text(
                json.dumps(
                    {
                        "date": "2007-05-01",
                        "title": "Quokkas join",
                        "text": "The quokka delegation arrived in Brussels.",
                    }
                )
                + "\n"
            )
            (settings.archive_dir / "notes.pdf").write_bytes(b"%PDF-1.4")
            await bot.send(bot.message("/reload", user=ADMIN))
            started, report = [c.params["text"] for c in bot.replies()[-2:]]
            assert started == (
                f"Reloading the archive from <code>{settings.archive_dir}</code>… "
                "I keep answering meanwhile."
            )
            assert report.startswith("<b>Reloaded</b> in ")
            assert (
                "s: 4 files, 3 documents (1 new or changed: 1 articles, 1 paragraphs; "
                "2 unchanged; 0 removed). Now serving the new archive." in report
            )
            assert report.endswith("Skipped 1:\n• notes.pdf: unsupported file type '.pdf'")

            await bot.send(bot.message("quokka", user=READER_EN))
            text = bot.last_reply().params["text"]
            assert "<b>1. Quokkas join</b>\n1 May 2007 · NATO Update · quokka.jsonl:1" in text
            assert "The <b>quokka</b> delegation arrived in Brussels." in text
        # The served file is the new one: a restart serves it without a reload.
        assert not list(settings.archive_db.parent.glob(".*.building*"))

    run(scenario())


def test_a_non_admin_reload_is_refused_and_logged(tmp_path, caplog):
    async def scenario():
        async with running_bot(bot_settings(tmp_path)) as bot:
            await bot.send(bot.message("/reload"))
            assert bot.last_reply().params["text"] == (
                "Désolé, cette commande est réservée aux administrateurs du bot."
            )
            assert len(bot.replies()) == 1
        assert f"Refused /reload to user {READER_FR['id']}" in caplog.text

    run(scenario())


def test_without_admin_ids_admin_commands_are_off_with_a_warning(tmp_path, caplog):
    async def scenario():
        async with running_bot(bot_settings(tmp_path, admin_ids=frozenset())) as bot:
            assert "ADMIN_IDS is empty" in caplog.text
            assert all("scope" not in c.params for c in bot.telegram.calls_to("setMyCommands"))
            await bot.send(bot.message("/reload", user=ADMIN))
            assert bot.last_reply().params["text"] == (
                "Admin commands are turned off on this bot (no ADMIN_IDS set)."
            )
            await bot.send(bot.message("/help", user=ADMIN))
            assert "/reload" not in bot.last_reply().params["text"]
        assert f"Refused /reload to user {ADMIN['id']}" in caplog.text

    run(scenario())


def test_a_reload_whose_folder_is_gone_fails_and_the_old_archive_keeps_serving(tmp_path):
    settings = bot_settings(tmp_path)

    async def scenario():
        async with running_bot(settings) as bot:
            shutil.rmtree(settings.archive_dir)
            await bot.send(bot.message("/reload", user=ADMIN))
            assert bot.last_reply().params["text"] == (
                f"<b>Reload failed</b>: the archive folder {settings.archive_dir} does not exist.\n"
                "The previous archive keeps serving."
            )
            await bot.send(bot.message("OTAN Russie"))
            assert bot.last_reply().params["text"].startswith("Passages 1 à 3")

    run(scenario())


def test_a_reload_that_reads_nothing_keeps_the_old_archive_and_lists_why(tmp_path):
    settings = bot_settings(tmp_path)

    async def scenario():
        async with running_bot(settings) as bot:
            shutil.rmtree(settings.archive_dir)
            settings.archive_dir.mkdir()
            (settings.archive_dir / "empty.txt").write_text("")
            (settings.archive_dir / "scan.png").write_bytes(b"\x89PNG")
            await bot.send(bot.message("/reload", user=ADMIN))
            report = bot.last_reply().params["text"]
            assert report.startswith(
                f"<b>Reload ingested nothing</b> from <code>{settings.archive_dir}</code> (2 files, "
            )
            assert report.endswith(
                "The previous archive keeps serving.\n\nSkipped 2:\n"
                "• empty.txt: empty file\n• scan.png: unsupported file type '.png'"
            )
            await bot.send(bot.message("OTAN Russie"))
            assert bot.last_reply().params["text"].startswith("Passages 1 à 3")

    run(scenario())


def test_a_report_of_many_skipped_files_fits_one_message(tmp_path):
    settings = bot_settings(tmp_path)
    for i in range(60):
        name = f"attachment-{i:02d}-" + "with-a-very-long-name-" * 6
        (settings.archive_dir / f"{name}.docx").write_bytes(b"x")

    async def scenario():
        async with running_bot(settings) as bot:
            await bot.send(bot.message("/reload", user=ADMIN))
            report = bot.last_reply().params["text"]
            assert "Skipped 60:" in report
            assert report.count("• attachment-") < 30
            assert report.endswith(" more.")
            assert len(report) <= 4096

    run(scenario())


def big_bulletin_file(folder, count):
    lines = [
        json.dumps(
            {
                "date": "2008-01-01",
                "title": f"Routine bulletin {i}",
                "language": "en",
                "text": " ".join(
                    f"The council reviewed item {i}-{j} of the logistics plan and its budget."
                    for j in range(12)
                ),
            }
        )
        for i in range(count)
    ]
    (folder / "routine.jsonl").write_text("\n".join(lines) + "\n")


def test_questions_are_answered_from_the_old_archive_while_a_reload_runs(tmp_path):
    settings = bot_settings(tmp_path)

    async def scenario():
        async with running_bot(settings, concurrent=True) as bot:
            archive = bot.application.bot_data[SERVICES].archive
            # Enough new bulletins that the reload takes a while.
            big_bulletin_file(settings.archive_dir, 1000)
            (settings.archive_dir / "quokka.jsonl").write_text(
                json.dumps({"title": "Quokkas", "text": "The quokka delegation arrived."}) + "\n"
            )

            def texts():
                return [c.params["text"] for c in bot.replies()]

            await bot.push(bot.message("/reload", user=ADMIN))
            await until(lambda: any(t.startswith("Reloading") for t in texts()))
            await bot.push(bot.message("quokka", user=READER_EN))
            await bot.push(bot.message("OTAN Russie"))
            await bot.push(bot.message("/reload", user=ADMIN))
            await until(lambda: len(texts()) == 4)
            assert archive.reloading, "the questions waited for the reload"
            during = sorted(texts()[1:])
            assert during[0] == "Already reloading: wait for the report of the reload under way."
            assert during[1].startswith("Nothing in the archive matches <i>quokka</i>")
            assert during[2].startswith("Passages 1 à 3 pour <i>OTAN Russie</i>")

            await until(lambda: len(texts()) == 5)
            assert texts()[4].startswith("<b>Reloaded</b>")
            assert "1003 documents" in texts()[4]
            await bot.push(bot.message("quokka", user=READER_EN))
            await until(lambda: len(texts()) == 6)
            assert "The <b>quokka</b> delegation arrived." in texts()[5]

    run(scenario())


def test_inline_mode_offers_up_to_ten_passages(tmp_path):
    settings = bot_settings(tmp_path)
    dated_bulletins(settings.archive_dir, 15)

    async def scenario():
        async with running_bot(settings) as bot:
            await bot.send(bot.inline("ministers budget"))
            [answer] = bot.telegram.calls_to("answerInlineQuery")
            results = answer.params["results"]
            assert len(results) == 10
            assert len({r["id"] for r in results}) == 10
            first = results[0]
            assert first["type"] == "article"
            assert first["title"].startswith("Bulletin number")
            assert "<b>budget</b>" in first["input_message_content"]["message_text"]
            assert "<b>Ministers</b>" in first["input_message_content"]["message_text"]
            assert "Ministers met for the meeting" in first["description"]

            await bot.send(bot.inline("   "))
            await bot.send(bot.inline("the of"))
            assert [
                c.params["results"] for c in bot.telegram.calls_to("answerInlineQuery")[1:]
            ] == [[], []]

    run(scenario())


def test_a_bulletin_full_of_html_characters_is_escaped_everywhere(tmp_path):
    async def scenario():
        async with running_bot(bot_settings(tmp_path)) as bot:
            await bot.send(bot.message("procurement R&D <bridge>", user=READER_EN))
            text = bot.last_reply().params["text"]
            assert text.startswith("Passages 1–2 for <i>procurement R&amp;D &lt;bridge&gt;</i>")
            assert (
                '<b>1. Allies weigh "&lt;Smart &amp; Fast&gt;" procurement &amp; the R&amp;D '
                "&lt;-&gt; industry bridge</b>"
            ) in text
            assert "NATO Update &lt;special&gt; &amp; co" in text
            assert (
                '<a href="https://www.nato.int/docu/update/2005/03?a=1&amp;b=&lt;2&gt;'
                '&amp;c=&#x27;3&#x27;&quot;">nato.int</a>'
            ) in text
            assert "costs &lt; 5% &amp; benefits &gt; 10%" in text
            # What the reader sees is the bulletin's own text, symbols included.
            assert SPECIAL_BULLETIN["title"] in visible_text(text)
            await bot.send(bot.message("/latest", user=READER_EN))
            await bot.send(bot.inline("procurement"))

    run(scenario())


def test_a_huge_paragraph_is_cut_to_fit_one_message(tmp_path):
    settings = bot_settings(tmp_path)
    text = " ".join(f'R&D <{i}> & "budget" < procurement > {i} & co.' for i in range(900))
    (settings.archive_dir / "huge.jsonl").write_text(
        json.dumps(
            {
                "title": "&" * 300,
                "language": "en",
                "url": "https://example.org/" + "&" * 1500,
                "text": text,
            }
        )
        + "\n"
    )

    async def scenario():
        async with running_bot(settings) as bot:
            await bot.send(bot.message("procurement budget", user=READER_EN))
            reply = bot.last_reply().params["text"]
            assert len(reply) <= 4096
            assert "…" in visible_text(reply)
            await bot.send(bot.inline("procurement budget"))

    run(scenario())


def test_a_user_asking_too_fast_is_told_once_then_ignored(tmp_path):
    async def scenario():
        async with running_bot(bot_settings(tmp_path)) as bot:
            for _ in range(QUESTIONS_PER_WINDOW + 3):
                await bot.send(bot.message("OTAN", user=READER_EN))
            texts = [c.params["text"] for c in bot.replies()]
            assert len(texts) == QUESTIONS_PER_WINDOW + 1
            assert all(t.startswith("Passages 1–3 for <i>OTAN</i>") for t in texts[:-1])
            assert texts[-1] == (
                "You are asking faster than I can answer well. Please wait a few seconds."
            )
            # Others are not slowed down by one user's pace.
            await bot.send(bot.message("OTAN"))
            assert bot.last_reply().params["text"].startswith("Passages 1 à 3")

    run(scenario())


def test_an_error_is_logged_with_its_traceback_and_the_user_told(tmp_path, caplog):
    async def scenario():
        async with running_bot(bot_settings(tmp_path)) as bot:
            await bot.send(bot.message("OTAN Russie", user=READER_EN))
            bot.telegram.fail_next("editMessageText", 400, "Bad Request: message can't be edited")
            await bot.send(bot.press(bot.last_reply(), "More", user=READER_EN))
            answers = [c.params.get("text") for c in bot.telegram.calls_to("answerCallbackQuery")]
            assert answers == [None, "Sorry, something went wrong. Please try again in a moment."]

            bot.telegram.fail_next("sendMessage", 400, "Bad Request: chat not found")
            await bot.send(bot.message("OTAN", user=READER_EN))
            assert bot.last_reply().params["text"] == (
                "Sorry, something went wrong. Please try again in a moment."
            )
        errors = [r for r in caplog.records if r.message == "Exception while handling an update"]
        assert len(errors) == 2
        assert all(r.exc_info for r in errors)
        assert "Message can't be edited" in str(errors[0].exc_info[1])

    run(scenario())
