using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Declarative.Gallery;

/// <summary>
/// An embedding table as a managed module: a [count, dim] <c>weight</c> and a row lookup.
/// </summary>
/// <remarks>
/// TorchSharp's <c>Embedding</c> is native and fills its table on the CPU even when it is built for
/// <c>torch.META</c>; a model built on META to be counted (GPT-2 small, ALBERT-base) would allocate its largest
/// tensor. This one allocates nothing there. Initialised from N(0, 0.02²), as BERT, ALBERT and GPT-2 are.
/// </remarks>
public sealed class TokenEmbedding : Module<Tensor, Tensor>
{
    private readonly Parameter weight;

    public TokenEmbedding(long count, long dim, Device? device = null) : base(nameof(TokenEmbedding))
    {
        weight = Parameter(torch.empty(count, dim, device: device));
        using (torch.no_grad())
            init.normal_(weight, mean: 0, std: 0.02);
        RegisterComponents();
    }

    /// <summary>The table, as registered now (a shared group may have replaced it by a view of its owner).</summary>
    public Parameter Weight => weight;

    /// <summary>The rows of <paramref name="ids"/>: [..ids.shape, dim].</summary>
    public override Tensor forward(Tensor ids)
        => weight.index_select(0, ids.reshape(-1)).reshape([.. ids.shape, weight.shape[1]]);
}
