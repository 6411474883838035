"""Draws the installed app's PNG icons (public/icons) from the shapes of public/favicon.svg.

Run once when the logo changes: `pip install pillow && python3 scripts/make_icons.py`. The icons
are committed; the build does not run this. The maskable icon fills its square and keeps the
rings inside the central 80 % circle that launchers never crop.
"""
from PIL import Image, ImageDraw
GREEN=(0x1f,0x6f,0x5c,255); WHITE=(255,255,255,255); YELLOW=(0xff,0xd2,0x7a,255)
def rings(d, cx, cy, unit):
    # the two rings of favicon.svg (r=11, stroke 5, centres 16 units apart), `unit` pixels per svg unit
    for dx, colour in ((-8, WHITE), (8, YELLOW)):
        x, y = cx + dx*unit, cy
        ro, ri = 13.5*unit, 8.5*unit
        d.ellipse((x-ro, y-ro, x+ro, y+ro), outline=colour, width=round(5*unit))
def make(size, maskable, path):
    S=4; big=size*S
    im=Image.new('RGBA',(big,big),(0,0,0,0)); d=ImageDraw.Draw(im)
    if maskable:
        d.rectangle((0,0,big,big), fill=GREEN)
        unit = big/64*0.9   # rings inside the safe zone (the central circle of 80 %)
    else:
        r=30/64*big; c=big/2
        d.ellipse((c-r,c-r,c+r,c+r), fill=GREEN)
        unit = big/64
    rings(d, big/2, big/2, unit)
    im.resize((size,size), Image.LANCZOS).save(path, optimize=True)
make(192, False, 'public/icons/icon-192.png')
make(512, False, 'public/icons/icon-512.png')
make(512, True, 'public/icons/maskable-512.png')
