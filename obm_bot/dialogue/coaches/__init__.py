"""The learner's triad: one line for the praktijkopleider, the leermeester and the docent
(plus the account manager), and the progress meetings the bot arranges on it."""
