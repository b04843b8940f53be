#!/bin/sh
# Writes the digiKam-style and Lightroom-style sidecars of test-data/xmp with Debian's exiftool
# (libimage-exiftool-perl 12.57), from a made-up but realistic tag set (see test-data/SOURCES.md).
# Run from the repository root; the output is committed, so tests need no exiftool.
set -e
cd test-data/xmp
rm -f digikam/astronaut-rot6.jpg.xmp lightroom/lr.xmp

# digiKam 8 on astronaut-rot6.jpg (stored 400x512, EXIF orientation 6): a tagged, rated, captioned
# photo with two named faces. Its regions are MWG areas of the stored image: Eileen Collins's face
# (drawn a little larger than a detector's box, as digiKam's include hair), and a name whose box
# has no face in it. digiKam also writes its tag tree, Lightroom's and Microsoft's.
exiftool -q -o digikam/astronaut-rot6.jpg.xmp \
  -XMP-x:XMPToolkit='XMP Core 4.4.0-Exiv2' \
  -XMP-xmp:CreatorTool='digiKam-8.2.0' \
  -XMP-dc:Subject='space' -XMP-dc:Subject='NASA' -XMP-dc:Subject='Eileen Collins' \
  -XMP-digiKam:TagsList='People/Eileen Collins' -XMP-digiKam:TagsList='People/Pat Lee' -XMP-digiKam:TagsList='Places/Space' -XMP-digiKam:TagsList='NASA' \
  -XMP-lr:HierarchicalSubject='People|Eileen Collins' -XMP-lr:HierarchicalSubject='Places|Space' -XMP-lr:HierarchicalSubject='NASA' \
  -XMP-xmp:Rating=4 \
  -XMP-dc:Description='Official portrait, STS-63' \
  -XMP-mwg-rs:RegionInfo='{AppliedToDimensions={W=400,H=512,Unit=pixel},RegionList=[{Area={X=0.295,Y=0.565,W=0.33,H=0.21,Unit=normalized},Name=Eileen Collins,Type=Face},{Area={X=0.775,Y=0.15,W=0.15,H=0.1,Unit=normalized},Name=Pat Lee,Type=Face},{Area={X=0.5,Y=0.5,W=0.2,H=0.2,Unit=normalized},Name=Helmet,Type=Focus}]}' \
  -XMP-MP:RegionInfoMP='{Regions=[{PersonDisplayName=Eileen Collins,Rectangle=0.13|, 0.46|, 0.33|, 0.21}]}'

# Lightroom Classic on lr.jpg (a copy of the starfish photo, stored as shown): keywords with their
# hierarchy, a rating, a colour label, a caption, the camera's date, and develop settings (crs:)
# that only Lightroom reads and that a merge must keep.
exiftool -q -o lightroom/lr.xmp \
  -XMP-x:XMPToolkit='Adobe XMP Core 7.0-c000 1.000000, 0000/00/00-00:00:00' \
  -XMP-xmp:CreatorTool='Adobe Photoshop Lightroom Classic 13.1 (Windows)' \
  -XMP-xmp:ModifyDate='2024:01:14 18:02:11+01:00' \
  -XMP-dc:Subject='beach' -XMP-dc:Subject='starfish' -XMP-dc:Subject='Denmark' \
  -XMP-lr:HierarchicalSubject='Places|Europe|Denmark' -XMP-lr:HierarchicalSubject='Nature|starfish' -XMP-lr:HierarchicalSubject='beach' \
  -XMP-xmp:Rating=3 -XMP-xmp:Label=Red \
  -XMP-dc:Description='Starfish at low tide, Rømø' \
  -XMP-photoshop:DateCreated='2013:05:10 15:21:35+02:00' \
  -XMP-crs:ProcessVersion=11.0 -XMP-crs:WhiteBalance='As Shot' -XMP-crs:Exposure2012=+0.35 -XMP-crs:Clarity2012=+12 \
  -XMP-xmpMM:DocumentID='xmp.did:5f0c2a3e-1b7d-4c4e-9a61-3d2f8b0c9e71' -XMP-xmpMM:OriginalDocumentID='5D3B9C0A7E1F4A6B8C2D0E9F1A2B3C4D'
