"""Mail: mailboxes (IMAP, SMTP, Maildir/mbox), triage, request detection, and the quarantined
reader that turns a stranger's message into typed fields without ever taking orders from it."""
