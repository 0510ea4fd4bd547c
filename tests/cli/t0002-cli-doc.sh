#!/bin/sh
test_description='docs/cli.md is the help the binary prints'
. "$(dirname "$0")/lib.sh"

test_expect_success 'docs/cli.md matches scripts/gen-cli-doc output' '
	"$REPO_ROOT/scripts/gen-cli-doc" "$CUTOVER" >actual &&
	test_cmp "$REPO_ROOT/docs/cli.md" actual
'

test_done
