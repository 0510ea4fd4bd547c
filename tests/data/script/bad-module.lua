-- The error is in the module: it must name the module's file and line.
require "lib.broken"
