"""The faces over the retrieval library: the Telegram bot and the command line."""
