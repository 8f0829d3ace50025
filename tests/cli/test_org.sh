#!/bin/sh
# SPDX-License-Identifier: ISC
# cetrack org add|list|show and person add --org: organizations, their
# people and credentials (text and JSON), and bad input, which fails with
# one line and leaves the database as it was. Everyone here is fictional.
. "$(dirname "$0")/lib.sh"

t_badrc() {
	_n=$1; _code=$2; shift 2
	t_bad "$_n" "$@"
	t_eq "$_n: exit code" "$_code" "$T_RC"
}

long=$(printf '%0300d' 0 | tr 0 x)

t_ok "init" init
t_ok "list with none" org list
t_out "says how to add one" "no organizations yet; add one with 'cetrack org add NAME'"

t_ok "add" org add "Mercy Example Health" --contact hr@example.org
t_out "add says the id" "^added organization 1: Mercy Example Health$"
t_ok "add a second" org add "Valley Example Clinic"
t_out "second id" "^added organization 2: Valley Example Clinic$"

t_badrc "duplicate name" 1 "org add: organization 'Mercy Example Health' already exists \(id 1\)" \
    org add "Mercy Example Health"
t_badrc "missing NAME" 2 "org add: NAME: missing" org add
t_badrc "blank NAME" 2 "org add: NAME: empty" org add "  "
t_badrc "overlong NAME" 2 "org add: NAME: too long \(300 bytes\)" org add "$long"
t_badrc "bad contact" 2 "org add: --contact: 'hr.example.org' is not an email address, expected NAME@DOMAIN" \
    org add "Third Example" --contact hr.example.org
t_badrc "unknown option" 2 "org add: unknown option '--email'" org add X --email a@example.org
t_badrc "unknown subcommand" 2 "org: 'remove' is not a subcommand" org remove 1

# People in an organization.
t_ok "person with --org by name" person add "Dana Reyes" --org "Mercy Example Health" --id E-1001 \
    --email dana.reyes@example.org
t_ok "person with --org by id" person add "Sam Okafor" --org 1
t_ok "person elsewhere" person add "Lena Marsh" --org 2
t_ok "person without one" person add "Owen Castillo"
t_badrc "--org unknown" 1 "person add: --org: no organization matches 'Nowhere'; see 'cetrack org list'" \
    person add "Priya Natarajan" --org Nowhere
t_badrc "--org 99" 1 "person add: --org: no organization matches '99'" person add "Priya Natarajan" --org 99
t_badrc "--org empty" 2 "person add: --org: empty" person add "Priya Natarajan" --org ""

t_ok "person list shows the organization" person list
t_out "organization column" "Dana Reyes .*E-1001 +Mercy Example Health$"
t_out "none shown as -" "Owen Castillo .* - +- *$"
t_ok "person list --json" person list --json
t_eq "json org" "Mercy Example Health 1" "$(t_jv 'j["people"][0]["org"]' 'j["people"][0]["org_id"]')"
t_eq "json no org" "None None" "$(t_jv 'j["people"][3]["org"]' 'j["people"][3]["org_id"]')"

t_ok "cred for Dana" cred add CCM --person E-1001 --number CCM-100234 --valid-through 2027-05-31
t_ok "cred for Dana (RN)" cred add RN-CA --person E-1001 --number RN-654321 --valid-through 2026-08-31

t_ok "list" org list
t_out "list: people counted" "^ +1  Mercy Example Health +2  hr@example.org$"
t_out "list: no contact" "^ +2  Valley Example Clinic +1  -$"
t_ok "list --json" org list --json
t_eq "list json" "2 Mercy Example Health hr@example.org 2" \
    "$(t_jv 'len(j["organizations"])' 'j["organizations"][0]["name"]' 'j["organizations"][0]["contact_email"]' 'j["organizations"][0]["people"]')"

t_ok "show by name" org show "Mercy Example Health"
t_out "show: header" "^Mercy Example Health \(organization 1\)$"
t_out "show: contact" "^contact: hr@example.org$"
t_out "show: count" "^2 people$"
t_out "show: a person" "^Dana Reyes \(id 1, E-1001\)$"
t_out "show: a credential" "^  CCM +CCM-100234 +- +valid through 2027-05-31$"
t_out "show: a license" "^  RN-CA +RN-654321 +CA +valid through 2026-08-31$"
t_out "show: no credentials" "^  no credentials$"
t_ok "show by id, JSON" org show 1 --json
t_eq "show json" "Mercy Example Health 2 CCM 2027-05-31 CA 0" \
    "$(t_jv 'j["name"]' 'len(j["people"])' 'j["people"][0]["credentials"][0]["program"]' \
        'j["people"][0]["credentials"][0]["valid_through"]' \
        'j["people"][0]["credentials"][1]["jurisdiction"]' 'len(j["people"][1]["credentials"])')"
t_badrc "show unknown" 1 "org show: no organization matches 'Nowhere'; see 'cetrack org list'" org show Nowhere
t_badrc "show without ORG" 2 "org show: ORG: missing" org show
t_badrc "show two args" 2 "org show: unexpected argument 'Health'" org show Mercy Health

t_ok "help" org --help
t_out "help lists the subcommands" "cetrack org show ORG"
t_ok "add --help" org add --help
t_out "add help" "^usage: cetrack org add NAME \[--contact EMAIL\]"
t_done
