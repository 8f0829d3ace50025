#!/bin/sh
# SPDX-License-Identifier: ISC
# cetrack person add|list: adding people, listing them (text and JSON),
# and every kind of bad input, which must fail with one line and leave the
# database as it was.
. "$(dirname "$0")/lib.sh"

# t_bad with the exit code too: t_badrc NAME CODE PATTERN ARGS...
t_badrc() {
	_n=$1; _code=$2; shift 2
	t_bad "$_n" "$@"
	t_eq "$_n: exit code" "$_code" "$T_RC"
}

long=$(printf '%0300d' 0 | tr 0 x)
nonutf8=$(printf 'Dana \377 Reyes')

t_badrc "person list before init names the file" 1 "cetrack.db.*does not exist.*cetrack init" person list
t_ok "init" init

t_ok "add a person" person add "Dana Reyes" --email dana.reyes@example.org --id E-1001
t_out "add says who" "^added person 1: Dana Reyes$"
t_ok "add a second person" person add "Sam Ortiz"
t_out "second id" "^added person 2: Sam Ortiz$"
t_ok "a name with accents" person add "Zoë Müller-Łukasik" --id E-1003

t_ok "list" person list
t_out "list shows the email" "Dana Reyes +dana.reyes@example.org +E-1001"
t_out "list shows a missing email as -" "Sam Ortiz +- +-"
t_out "list shows the accented name" "Zoë Müller-Łukasik"

t_ok "list --json" person list --json
t_eq "json: three people" 3 "$(t_json 'len(j["people"])')"
t_eq "json: name" "Dana Reyes" "$(t_json 'j["people"][0]["name"]')"
t_eq "json: email" "dana.reyes@example.org" "$(t_json 'j["people"][0]["email"]')"
t_eq "json: external id" "E-1001" "$(t_json 'j["people"][0]["external_id"]')"
t_eq "json: no email is null" "None" "$(t_json 'j["people"][1]["email"]')"
t_eq "json: active" "True" "$(t_json 'j["people"][1]["active"]')"
t_eq "json: id is a number" "int" "$(t_json 'type(j["people"][2]["id"]).__name__')"

# Bad input: exit 2 for malformed arguments, 1 for data problems.
t_badrc "missing NAME" 2 "person add: NAME: missing" person add
t_badrc "empty NAME" 2 "person add: NAME: empty" person add ""
t_badrc "blank NAME" 2 "person add: NAME: empty" person add "   "
t_badrc "overlong NAME" 2 "person add: NAME: too long \(300 bytes\), expected at most 127 bytes" person add "$long"
t_badrc "non-UTF-8 NAME" 2 "person add: NAME: not valid UTF-8" person add "$nonutf8"
t_badrc "NAME with a newline" 2 "person add: NAME: contains a control character" person add "Dana
Reyes"
t_badrc "two words unquoted" 2 "unexpected argument 'Reyes'" person add Dana Reyes
t_badrc "email without @" 2 "person add: --email: 'dana.example.org' is not an email address, expected NAME@DOMAIN" \
    person add "Dana Two" --email dana.example.org
t_badrc "email with two @" 2 "--email: .* is not an email address" person add "Dana Two" --email a@b@example.org
t_badrc "email with a space" 2 "--email: .* is not an email address" person add "Dana Two" --email "dana reyes@example.org"
t_badrc "email @ at the end" 2 "--email: .* is not an email address" person add "Dana Two" --email "dana@"
t_badrc "email the mailer cannot send to" 2 "person add: --email: 'dana..reyes@example.org' is not an email address, expected NAME@DOMAIN" \
    person add "Dana Two" --email dana..reyes@example.org
t_badrc "overlong email" 2 "--email: too long" person add "Dana Two" --email "$long@$long.org"
t_badrc "empty email" 2 "--email: empty" person add "Dana Two" --email ""
t_badrc "overlong external id" 2 "--id: too long" person add "Dana Two" --id "$long"
t_badrc "external id in use" 1 "person add: --id: E-1001 is already the external id of person 1 \(Dana Reyes\)" \
    person add "Dana Two" --id E-1001
t_badrc "--org names an unknown organization" 1 "person add: --org: no organization matches 'Mercy Health'" person add "Dana Two" --org "Mercy Health"
t_badrc "unknown option" 2 "person add: unknown option '--bogus'; see 'cetrack person add --help'" person add X --bogus
t_badrc "option without its value" 2 "person add: --email: missing value" person add X --email
t_badrc "unknown subcommand" 2 "person: 'remove' is not a subcommand" person remove 1
t_badrc "no subcommand" 2 "person: missing subcommand" person
t_badrc "list takes no argument" 2 "person list: unexpected argument 'x'" person list x

# Looking people up by id, external id and name (through cred list).
t_ok "find by external id" cred list --person E-1003
t_ok "find by name" cred list --person "Sam Ortiz"
t_badrc "unknown person" 1 "cred list: no person matches 'Nobody'" cred list --person Nobody
# A second Sam Ortiz needs an external id to tell them apart (issue 15);
# --person "Sam Ortiz" is then ambiguous, and says which ids it could be.
t_badrc "same name twice, without --id" 1 "person add: NAME: person 2 is already called 'Sam Ortiz'" person add "Sam Ortiz"
t_ok "same name twice, told apart by --id" person add "Sam Ortiz" --id E-2004
t_badrc "an ambiguous name lists the ids" 1 "person 'Sam Ortiz' is ambiguous.*2, 4" cred list --person "Sam Ortiz"

t_ok "help" person add --help
t_out "help is the usage" "^usage: cetrack person add NAME"
t_done
