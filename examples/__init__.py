"""The example cases (a package so that tantan-taobao installs with docgen for docgen init --example)."""
