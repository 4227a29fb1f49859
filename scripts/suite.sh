#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Run a scenario suite for prove: suite.sh EEHLAB [ARGS...] DIR...
# The runner's KTAP goes to prove unchanged.
set -eu
eehlab=$1
shift
exec "$eehlab" run "$@"
