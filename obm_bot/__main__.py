from obm_bot.cli import main

raise SystemExit(main())
