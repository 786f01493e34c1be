using System;
using System.Collections.Generic;
using System.Linq;

namespace Declarative.Gallery;

/// <summary>The gallery's systems, in the order it runs them: the eight of the landscape, then porting a pretrained model.</summary>
public static class SampleCatalog
{
    /// <summary>Every system's subcommand, in order.</summary>
    public static readonly IReadOnlyList<string> Names = new[]
    {
        "cnn", "rnn", "albert", "siamese", "tied-lm", "tied-autoencoder", "multitask", "distillation", "pretrained",
    };

    /// <summary>The samples, in the order of <see cref="Names"/>.</summary>
    public static IReadOnlyList<ISample> Built { get; } = new ISample[]
    {
        new Systems.Cnn.CnnSample(),
        new Systems.Rnn.RnnSample(),
        new Systems.Albert.AlbertSample(),
        new Systems.Siamese.SiameseSample(),
        new Systems.TiedEmbeddings.TiedLanguageModelSample(),
        new Systems.Autoencoder.TiedAutoencoderSample(),
        new Systems.Multitask.MultitaskSample(),
        new Systems.Distillation.DistillationSample(),
        new Systems.Pretrained.PortPretrainedSample(),
    };

    public static ISample? Find(string name) => Built.FirstOrDefault(s => s.Name == name);
}
