from ksdesk.cli.main import main

main()
