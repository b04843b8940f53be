#!/bin/sh
# Writes the camera metadata into the DNG fixtures with exiftool (Debian libimage-exiftool-perl), then
# records exiftool's reading of each file as JSON for the tests (run from the repository root, once).
set -e
cd test-data/raw
exiftool -q -overwrite_original \
  -Make=Canon -Model='Canon EOS 5D Mark IV' -LensModel='EF24-70mm f/2.8L II USM' \
  -DateTimeOriginal='2024:06:15 14:32:10' -SubSecTimeOriginal=25 -OffsetTimeOriginal=+02:00 \
  -CreateDate='2024:06:15 14:32:10' -ISO=400 -FNumber=5.6 -ExposureTime=1/250 -FocalLength=35 \
  -GPSLatitude=48.8583 -GPSLatitudeRef=N -GPSLongitude=2.2945 -GPSLongitudeRef=E \
  -GPSAltitude=35 -GPSAltitudeRef=0 \
  chelsea-rotated.dng chelsea-no-preview.dng
exiftool -json -n -G1 -a chelsea-rotated.dng chelsea-no-preview.dng | sed 's#"SourceFile": "#"SourceFile": "raw/#' > exiftool.json
