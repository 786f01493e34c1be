using System.Collections.Generic;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Gallery.Systems.Albert;

// The paper's four sharing strategies. The classes are the same but for the attributes on `layers`.

/// <summary>All-shared: every layer is the first layer (ALBERT's default).</summary>
public sealed partial class AlbertAllShared : AlbertEncoder
{
    [Shared("layer")] private readonly ModuleList<AlbertLayer> layers;

    public AlbertAllShared(AlbertConfig config, Device? device = null) : base(nameof(AlbertAllShared), config, device)
    {
        layers = NewLayers(config, device);
        RegisterComponents();
    }

    public override IList<AlbertLayer> Layers => layers;
}

/// <summary>Shared-attention: the layers share their self-attention; feed-forward networks and LayerNorms are their own.</summary>
public sealed partial class AlbertSharedAttention : AlbertEncoder
{
    [Shared("attention", Member = "attention")] private readonly ModuleList<AlbertLayer> layers;

    public AlbertSharedAttention(AlbertConfig config, Device? device = null) : base(nameof(AlbertSharedAttention), config, device)
    {
        layers = NewLayers(config, device);
        RegisterComponents();
    }

    public override IList<AlbertLayer> Layers => layers;
}

/// <summary>Shared-FFN: the layers share their feed-forward network; attention and LayerNorms are their own.</summary>
public sealed partial class AlbertSharedFfn : AlbertEncoder
{
    [Shared("ffn", Member = "ffn")] private readonly ModuleList<AlbertLayer> layers;

    public AlbertSharedFfn(AlbertConfig config, Device? device = null) : base(nameof(AlbertSharedFfn), config, device)
    {
        layers = NewLayers(config, device);
        RegisterComponents();
    }

    public override IList<AlbertLayer> Layers => layers;
}

/// <summary>Not-shared: every layer has its own parameters (a BERT encoder with factorized embeddings).</summary>
public sealed partial class AlbertNotShared : AlbertEncoder
{
    private readonly ModuleList<AlbertLayer> layers;

    public AlbertNotShared(AlbertConfig config, Device? device = null) : base(nameof(AlbertNotShared), config, device)
    {
        layers = NewLayers(config, device);
        RegisterComponents();
    }

    public override IList<AlbertLayer> Layers => layers;
}
