#!/usr/bin/env bash
# `npm start`: the whole system on this machine (see docs: local stack). All logic is in local-stack.mjs.
exec node "$(dirname "$0")/local-stack.mjs" "$@"
