#!/bin/sh
echo "greeting: $GREETING"
exec sleep 3600
