#!/usr/bin/env python3
"""Test java-pom-version: pom.xml's <version> must be the Meson project version, so
org.libsse:libsse is published at the version of the libsse it binds.

usage: check_pom_version.py POM VERSION
"""
import sys
import xml.etree.ElementTree as ElementTree

POM_NS = {"m": "http://maven.apache.org/POM/4.0.0"}


def main():
    pom, expected = sys.argv[1], sys.argv[2]
    version = ElementTree.parse(pom).getroot().findtext("m:version", namespaces=POM_NS)
    if version != expected:
        sys.exit(f"{pom}: <version> is {version}, the project version is {expected}")
    print(f"{pom}: version {version} = project version")


if __name__ == "__main__":
    main()
