// A VGG port: the feature layers from a configuration array in a loop (not known, as in the torchvision code), and
// a classifier written as a collection expression with a spread, shared between a teacher and a student.
using System;
using System.Collections.Generic;
using Declarative;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Corpus.Vgg;

public partial class VggDistillation : Module<Tensor, Tensor>
{
    private static readonly long[] Cfg = { 64, 0, 128, 0, 256, 256, 0, 512, 512, 0 };

    private readonly Sequential features;
    [Shared("classifier", Member = "3.weight")] private readonly Sequential teacherClassifier;
    [Shared("classifier", Member = "3.weight")] private readonly Sequential studentClassifier; //! expect student-hidden DECL001

    public VggDistillation(long numClasses, double dropout = 0.5) : base(nameof(VggDistillation))
    {
        var layers = new List<Module<Tensor, Tensor>>();
        long inChannels = 3;
        foreach (var v in Cfg)
        {
            if (v == 0)
            {
                layers.Add(MaxPool2d(kernel_size: 2, stride: 2));
            }
            else
            {
                layers.Add(Conv2d(inChannels, v, kernel_size: 3, padding: 1));
                layers.Add(ReLU(inplace: true));
                inChannels = v;
            }
        }
        features = Sequential(layers);

        Module<Tensor, Tensor>[] trunk = [Linear(512 * 7 * 7, 4096), ReLU(true), Dropout(dropout)];
        Module<Tensor, Tensor>[] studentTrunk = [Linear(512 * 7 * 7, 4096), ReLU(true), Dropout(dropout)];
        teacherClassifier = Sequential([.. trunk, Linear(4096, 4096), ReLU(true), Dropout(dropout), Linear(4096, numClasses)]);
        studentClassifier = Sequential([.. studentTrunk, Linear(4096, 4096), ReLU(true), Dropout(dropout), Linear(4096, numClasses)]); //! plant student-hidden: [.. studentTrunk, Linear(4096, 4096) => [.. studentTrunk, Linear(4096, 1024)
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => teacherClassifier.call(features.call(x).flatten(1));
}
