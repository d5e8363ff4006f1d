"""Two small crack segmentation networks of the kinds the paper measures.

- CrackUNet: a U-Net (as UNet++ is in the paper, without the nested skips): an encoder of four
  stages, a decoder that concatenates each encoder stage as a skip connection.
- CrackHED: a DeepCrack/HED-style net: a VGG-like encoder of four stages, each with a side
  output (a 1x1 convolution, upsampled to full size), the sides fused by a learned 1x1 convolution.

Both return the fused logit map and the four encoder stage outputs, which the exported ONNX graph
names `stage1` .. `stage4` so the server taps them (globally average pooled, concatenated) as
the paper does for DeepCrack's down-sampling outputs and UNet++'s skip connections.
"""

import torch
from torch import nn
import torch.nn.functional as F


def conv_block(cin: int, cout: int, convs: int = 2) -> nn.Sequential:
    layers: list[nn.Module] = []
    for i in range(convs):
        layers += [nn.Conv2d(cin if i == 0 else cout, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True)]
    return nn.Sequential(*layers)


class CrackUNet(nn.Module):
    def __init__(self, widths=(8, 16, 32, 64)):
        super().__init__()
        w1, w2, w3, w4 = widths
        self.enc1 = conv_block(3, w1)
        self.enc2 = conv_block(w1, w2)
        self.enc3 = conv_block(w2, w3)
        self.enc4 = conv_block(w3, w4)
        self.dec3 = conv_block(w4 + w3, w3)
        self.dec2 = conv_block(w3 + w2, w2)
        self.dec1 = conv_block(w2 + w1, w1)
        self.head = nn.Conv2d(w1, 1, 1)

    def forward(self, x):
        s1 = self.enc1(x)
        s2 = self.enc2(F.max_pool2d(s1, 2))
        s3 = self.enc3(F.max_pool2d(s2, 2))
        s4 = self.enc4(F.max_pool2d(s3, 2))
        d3 = self.dec3(torch.cat([F.interpolate(s4, size=s3.shape[2:], mode='bilinear', align_corners=False), s3], 1))
        d2 = self.dec2(torch.cat([F.interpolate(d3, size=s2.shape[2:], mode='bilinear', align_corners=False), s2], 1))
        d1 = self.dec1(torch.cat([F.interpolate(d2, size=s1.shape[2:], mode='bilinear', align_corners=False), s1], 1))
        return self.head(d1), [], (s1, s2, s3, s4)


class CrackHED(nn.Module):
    def __init__(self, widths=(16, 32, 48, 64)):
        super().__init__()
        w1, w2, w3, w4 = widths
        self.stage1 = conv_block(3, w1)
        self.stage2 = conv_block(w1, w2)
        self.stage3 = conv_block(w2, w3, 3)
        self.stage4 = conv_block(w3, w4, 3)
        self.sides = nn.ModuleList([nn.Conv2d(w, 1, 1) for w in widths])
        self.fuse = nn.Conv2d(4, 1, 1)

    def forward(self, x):
        s1 = self.stage1(x)
        s2 = self.stage2(F.max_pool2d(s1, 2))
        s3 = self.stage3(F.max_pool2d(s2, 2))
        s4 = self.stage4(F.max_pool2d(s3, 2))
        size = x.shape[2:]
        sides = [
            F.interpolate(side(s), size=size, mode='bilinear', align_corners=False) if i else side(s)
            for i, (side, s) in enumerate(zip(self.sides, (s1, s2, s3, s4)))
        ]
        return self.fuse(torch.cat(sides, 1)), sides, (s1, s2, s3, s4)


ARCHITECTURES = {'unet': CrackUNet, 'hed': CrackHED}


class Exported(nn.Module):
    """What the ONNX graph computes: the probability map and the four stage outputs."""

    def __init__(self, net: nn.Module):
        super().__init__()
        self.net = net

    def forward(self, x):
        logit, _, stages = self.net(x)
        return (torch.sigmoid(logit), *stages)
