import { mulberry32 } from '../math/random.js';

/**
 * Deterministic synthetic crack images for the demo: a textured road surface with a dark crack
 * drawn as a random walk, and its mask. Each secondary shifts one factor of the primary, so
 * users see distances react to lighting, blur, noise, texture scale, crack width, and no cracks.
 */
export interface SyntheticParams {
  size: number;
  brightness: number; // mean surface level, 0..1
  lightingGradient: number; // added from left (0) to right (this value)
  noise: number; // std of per-pixel noise
  textureScale: number; // size of texture blobs in pixels
  blurRadius: number; // box blur radius applied to the picture (not the mask)
  crackWidth: number; // 0 = no crack
}

export const PRIMARY_PARAMS: SyntheticParams = {
  size: 160,
  brightness: 0.55,
  lightingGradient: 0,
  noise: 0.03,
  textureScale: 4,
  blurRadius: 0,
  crackWidth: 2,
};

/** The demo datasets: name, how it differs from the primary, and image count. */
export const DEMO_DATASETS: { name: string; description: string; count: number; params: Partial<SyntheticParams> }[] = [
  { name: 'demo_primary', description: 'Primary: the training-like domain', count: 40, params: {} },
  {
    name: 'demo_lighting',
    description: 'Brighter, with a left-to-right lighting gradient',
    count: 20,
    params: { brightness: 0.7, lightingGradient: 0.25 },
  },
  { name: 'demo_blur', description: 'Out of focus (box blur radius 2)', count: 20, params: { blurRadius: 2 } },
  { name: 'demo_noise', description: 'Sensor noise x5', count: 20, params: { noise: 0.15 } },
  { name: 'demo_texture', description: 'Coarser surface texture (x4 scale)', count: 20, params: { textureScale: 16 } },
  { name: 'demo_wide_cracks', description: 'Cracks three times wider', count: 20, params: { crackWidth: 6 } },
  { name: 'demo_no_cracks', description: 'Crack-free surfaces (all-zero masks)', count: 20, params: { crackWidth: 0 } },
];

function valueNoise(size: number, scale: number, rand: () => number): Float64Array {
  const cells = Math.ceil(size / scale) + 2;
  const grid = Float64Array.from({ length: cells * cells }, () => rand());
  const out = new Float64Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const gx = x / scale;
      const gy = y / scale;
      const x0 = Math.floor(gx);
      const y0 = Math.floor(gy);
      const fx = gx - x0;
      const fy = gy - y0;
      const v00 = grid[y0 * cells + x0]!;
      const v10 = grid[y0 * cells + x0 + 1]!;
      const v01 = grid[(y0 + 1) * cells + x0]!;
      const v11 = grid[(y0 + 1) * cells + x0 + 1]!;
      out[y * size + x] = (v00 * (1 - fx) + v10 * fx) * (1 - fy) + (v01 * (1 - fx) + v11 * fx) * fy;
    }
  }
  return out;
}

function boxBlur(channel: Float64Array, size: number, radius: number): Float64Array {
  if (radius <= 0) return channel;
  const out = new Float64Array(channel.length);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let sum = 0;
      let n = 0;
      for (let dy = -radius; dy <= radius; dy++) {
        for (let dx = -radius; dx <= radius; dx++) {
          const yy = y + dy;
          const xx = x + dx;
          if (yy < 0 || xx < 0 || yy >= size || xx >= size) continue;
          sum += channel[yy * size + xx]!;
          n++;
        }
      }
      out[y * size + x] = sum / n;
    }
  }
  return out;
}

/** Marks a random-walk crack from the top edge to the bottom edge into mask (1 = crack). */
function drawCrack(mask: Uint8Array, size: number, width: number, rand: () => number): void {
  let x = size * (0.2 + 0.6 * rand());
  let angle = Math.PI / 2 + (rand() - 0.5) * 0.6;
  const half = width / 2;
  for (let y = 0; y < size; y += 0.5) {
    angle += (rand() - 0.5) * 0.25;
    angle = Math.min(Math.max(angle, Math.PI / 4), (3 * Math.PI) / 4);
    x += Math.cos(angle) * 0.5;
    for (let dx = -Math.ceil(half); dx <= Math.ceil(half); dx++) {
      const px = Math.round(x + dx);
      const py = Math.round(y);
      if (px >= 0 && px < size && py < size && Math.abs(dx) <= half) mask[py * size + px] = 1;
    }
  }
}

/** One image: RGB pixels (HWC) and a 0/255 mask, both size x size. */
export function syntheticImage(params: SyntheticParams, seed: number): { rgb: Uint8Array; mask: Uint8Array } {
  const { size } = params;
  const rand = mulberry32(seed);
  const texture = valueNoise(size, params.textureScale, rand);
  const crack = new Uint8Array(size * size);
  if (params.crackWidth > 0) drawCrack(crack, size, params.crackWidth, rand);
  let gray: Float64Array = new Float64Array(size * size);
  for (let i = 0; i < gray.length; i++) {
    const x = i % size;
    const lit = params.brightness + params.lightingGradient * (x / size) + (texture[i]! - 0.5) * 0.25;
    gray[i] = crack[i] ? lit * 0.25 : lit;
  }
  gray = boxBlur(gray, size, params.blurRadius);
  const rgb = new Uint8Array(size * size * 3);
  const mask = new Uint8Array(size * size);
  for (let i = 0; i < gray.length; i++) {
    const noisy = gray[i]! + (rand() + rand() + rand() - 1.5) * params.noise * 2;
    const v = Math.round(Math.min(1, Math.max(0, noisy)) * 255);
    // Slightly warm asphalt tint so the three channels differ.
    rgb[i * 3] = Math.min(255, v + 6);
    rgb[i * 3 + 1] = v;
    rgb[i * 3 + 2] = Math.max(0, v - 6);
    mask[i] = crack[i] ? 255 : 0;
  }
  return { rgb, mask };
}
