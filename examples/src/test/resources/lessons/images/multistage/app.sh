#!/bin/sh
echo "hello from the runtime stage"
