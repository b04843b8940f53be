#!/bin/sh
# Photos with XMP/IPTC inside them, as exports write them, made with Debian's exiftool 12.57 from
# committed photos (see test-data/SOURCES.md). Run from the repository root; the output is committed.
set -e
cd test-data/xmp/embedded
rm -f picasa.jpg apple.heic
# Picasa 3.9: IPTC-IIM keywords and caption, and its face names as MWG regions in the JPEG's XMP
# (on exif-js's small Nikon photo, upright; a made-up name on a made-up box).
cp ../../../node_modules/exif-js/example/DSCN0614_small.jpg picasa.jpg
exiftool -q -overwrite_original \
  -IPTC:Keywords='starfish' -IPTC:Keywords='Rømø' -IPTC:Caption-Abstract='Low tide' -IPTC:CodedCharacterSet=UTF8 \
  -XMP-mwg-rs:RegionInfo='{AppliedToDimensions={W=400,H=300,Unit=pixel},RegionList=[{Area={X=0.5,Y=0.5,W=0.2,H=0.2,Unit=normalized},Name=Mads,Type=Face}]}' \
  picasa.jpg
# An Apple Photos-style export of a HEIC: keywords, caption and a rating in its XMP.
cp ../../heic/astronaut.heic apple.heic
exiftool -q -overwrite_original \
  -XMP-dc:Subject='NASA' -XMP-dc:Subject='portrait' -XMP-dc:Description='Eileen Collins' -XMP-xmp:Rating=5 \
  apple.heic
