package prepare

// RuntimeAlias is the name under which rewritten cells reach the session's helpers
// (the package the session imports at start); the double underscore keeps it out of
// the way of user names.
const RuntimeAlias = "__gk"

// RuntimePath is the import path of the session's helpers. The name cannot clash with
// a real package: it has no dot-separated host.
const RuntimePath = "gokernel_rt"
