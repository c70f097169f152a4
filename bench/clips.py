"""Source clips that look as much like a school's phone video as ffmpeg's own generators
allow — SYNTHETIC, not camera footage (none is available offline): a slowly evolving
textured ground (perlin noise, coloured, upscaled so it is camera-soft) filmed by a
hand-held camera (slow pan plus shake, a crop that moves every frame), a crowd of small
moving shapes (Conway's life, blurred: children in a schoolyard), a tilted sign that
moves (testsrc2), optical blur and temporal sensor noise; sound is either speech-like
(a voiced tone at 150 Hz with harmonics, syllables at ~4 Hz, over room noise) or music
(a chord and a drum beat). Landscape and portrait, 1080p and 720p, 30–60 s.

Real footage would give other figures (issue 15 measured one real street clip: AV1 at
60 kbps scored VMAF 80 at 240p); the bench says so next to every figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kasdikdas.media import commands
from kasdikdas.media.ffmpeg_bin import find_ffmpeg


@dataclass(frozen=True)
class ClipSpec:
    name: str
    width: int
    height: int
    seconds: float
    fps: int = 30
    sound: str = "speech"  # speech | music

    @property
    def orientation(self) -> str:
        return "portrait" if self.height > self.width else "landscape"


# What phones in a school typically record: 1080p and 720p, held both ways. The first
# is the yardstick: a new 60 s 1080p clip, whole ladder, in 60 s on 2 cores.
FULL_CLIPS = (
    ClipSpec("klip-1080p-lanskap.mp4", 1920, 1080, 60, sound="speech"),
    ClipSpec("klip-720p-potret.mp4", 720, 1280, 45, sound="music"),
    ClipSpec("klip-720p-lanskap.mp4", 1280, 720, 30, sound="music"),
    ClipSpec("klip-1080p-potret.mp4", 1080, 1920, 38, sound="speech"),
)
# For the quick (CI) run: the same shapes, small and short, so the test stays fast.
QUICK_CLIPS = (
    ClipSpec("klip-kecil-lanskap.mp4", 480, 270, 4, 25),
    ClipSpec("klip-kecil-potret.mp4", 270, 480, 4, 25, sound="music"),
)

SPEECH = ("aevalsrc='0.4*(sin(2*PI*150*t)+0.6*sin(2*PI*300*t)+0.4*sin(2*PI*450*t)"
          "+0.25*sin(2*PI*900*t)+0.15*sin(2*PI*1350*t)+0.08*sin(2*PI*2700*t))"
          "*pow(0.5+0.5*sin(2*PI*3.7*t),2)*(0.6+0.4*sin(2*PI*0.3*t))':s=48000")
MUSIC = ("aevalsrc='0.2*(sin(2*PI*220*t)+sin(2*PI*277.2*t)+sin(2*PI*329.6*t))"
         "*(0.7+0.3*sin(2*PI*0.5*t))|0.2*(sin(2*PI*220.5*t)+sin(2*PI*277*t)+sin(2*PI*440*t))"
         "*(0.7+0.3*cos(2*PI*0.5*t))':s=48000")


def graph(spec: ClipSpec, index: int) -> str:
    """The filter graph of one clip: inputs 0 ground, 1 sign, 2 crowd, 3 sound, 4 room."""
    w, h = spec.width, spec.height
    big_w, big_h = w * 5 // 4 // 2 * 2, h * 5 // 4 // 2 * 2
    mx, my = (big_w - w) // 2, (big_h - h) // 2
    crowd_w, crowd_h = w * 3 // 10 // 2 * 2, h * 3 // 10 // 2 * 2
    sign_w, sign_h = w // 6 // 2 * 2, h // 4 // 2 * 2
    tint = ("rr=0.55:rg=0.1:gg=0.75:bb=0.35", "rr=0.8:rg=0.15:gg=0.6:bb=0.4",
            "rr=0.5:gg=0.65:gb=0.2:bb=0.7")[index % 3]
    drum = "[4:a]volume='0.6*lt(mod(t,0.5),0.06)':eval=frame[beat];" if spec.sound == "music" else ""
    room = "[beat]" if drum else "[4:a]"
    return (
        f"[0:v]format=rgb24,colorchannelmixer={tint},scale={big_w}:{big_h}:flags=bicubic,"
        f"crop={w}:{h}:x='{mx}+{mx * 0.8:.0f}*sin(t*0.35)+{max(2, w // 300)}*sin(t*7)':"
        f"y='{my}+{my * 0.8:.0f}*sin(t*0.23)+{max(2, h // 300)}*cos(t*9)'[ground];"
        f"[2:v]scale={crowd_w}:{crowd_h}:flags=neighbor,gblur=sigma=1.5[crowd];"
        f"[ground][crowd]overlay=x='{w // 10}+{w // 6}*sin(t*0.5)':y={h * 6 // 10}[a];"
        f"[1:v]rotate=0.1*sin(t):fillcolor=none,scale={sign_w}:{sign_h}[sign];"
        f"[a][sign]overlay=x='{w * 7 // 10}-{w // 10}*sin(t*0.3)':y='{h // 4}+{h // 50}*sin(t*2)',"
        f"gblur=sigma=0.7,noise=alls=5:allf=t,format=yuv420p[v];"
        f"{drum}[3:a]{room}amix=inputs=2:duration=first[sound]"
    )


def make_clip(target: Path, spec: ClipSpec, index: int, ffmpeg_bin: str | None = None) -> Path:
    """Encode one clip (skipped when it exists); returns its path."""
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    w, h = spec.width, spec.height
    inputs = [
        f"perlin=s={w // 2}x{h // 2}:r={spec.fps}:octaves=6:persistence=0.6:xscale=1.5:"
        f"yscale=1.5:tscale=0.05:random_seed={index + 1}",
        f"testsrc2=s={max(64, w // 6)}x{max(64, h // 4)}:r={spec.fps}",
        f"life=s={max(32, w // 10)}x{max(32, h // 10)}:r={spec.fps}:mold=8:ratio=0.15:seed={index + 7}:"
        "life_color=#e0a040:death_color=#305020:mold_color=#406030",
        SPEECH if spec.sound == "speech" else MUSIC,
        "anoisesrc=color=pink:amplitude=0.03:sample_rate=48000",
    ]
    args = [ffmpeg_bin or find_ffmpeg(), *commands.QUIET, "-loglevel", "error", "-y"]
    for source in inputs:
        args += ["-f", "lavfi", "-t", str(spec.seconds), "-i", source]
    partial = target.with_name(target.name + ".part")
    args += ["-filter_complex", graph(spec, index), "-map", "[v]", "-map", "[sound]",
             "-t", str(spec.seconds), "-c:v", "libx264", "-preset", "veryfast", "-crf", "20",
             "-c:a", "aac", "-b:a", "128k", "-ac", "2", "-f", "mp4", str(partial)]
    commands.run(args)
    partial.replace(target)
    return target


def make_clips(folder: Path, specs=FULL_CLIPS) -> list[Path]:
    ffmpeg_bin = find_ffmpeg()
    return [make_clip(folder / spec.name, spec, i, ffmpeg_bin) for i, spec in enumerate(specs)]
