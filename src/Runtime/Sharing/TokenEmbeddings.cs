using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative;

/// <summary>
/// Resizes a shared vocabulary, as Hugging Face's <c>resize_token_embeddings</c> does: the embedding and every
/// member that shares it (an output head, a transposed decoder) grow or shrink together and stay one tensor.
/// </summary>
public static class TokenEmbeddings
{
    /// <summary>
    /// Gives the shared group <paramref name="key"/> of <paramref name="model"/> <paramref name="size"/> rows: its
    /// owner's first dimension (an <c>Embedding</c>'s or a head's <c>weight</c>, [vocab, dim]). Old rows are kept;
    /// new rows are drawn, as Hugging Face does by default, from a normal distribution with the old rows' mean and
    /// their covariance scaled by 1e-9 (the mean itself where that covariance is not positive definite), or set by
    /// <paramref name="initializeNewRows"/>. A bias of the vocabulary's length on an owner's or alias's module (a
    /// head's) grows with zeros. Create the optimizer afterwards: the tensors are new.
    /// </summary>
    /// <param name="model">The model that declares the group.</param>
    /// <param name="key">The key of the group's <see cref="SharedAttribute"/>s.</param>
    /// <param name="size">The new vocabulary size.</param>
    /// <param name="initializeNewRows">Fills the new rows, [added, dim], in place, e.g. with the model's own
    /// initializer; null for Hugging Face's default.</param>
    /// <exception cref="InvalidOperationException">The model has no such group, or the group does not share one
    /// 2-D tensor.</exception>
    public static void ResizeTokenEmbeddings(this nn.Module model, string key, long size, Action<Tensor>? initializeNewRows = null)
    {
        if (size <= 0) throw new ArgumentOutOfRangeException(nameof(size), size, "The vocabulary needs at least one row.");
        var sharing = ParameterSharing.Of(model)
            ?? throw new InvalidOperationException($"{model.GetType().Name} has no shared groups; ResizeTokenEmbeddings resizes one ('{key}').");
        var group = sharing.Tensors.Where(t => t.Key == key).ToList();
        if (group.Count == 0)
        {
            var keys = sharing.Tensors.Select(t => $"'{t.Key}'").Distinct();
            throw new InvalidOperationException($"{model.GetType().Name} has no shared group '{key}' (it has: {string.Join(", ", keys)}).");
        }
        var old = group[0].Owner.Get();
        if (group.Any(t => !ReferenceEquals(t.Owner.Module, group[0].Owner.Module) || t.Owner.Name != group[0].Owner.Name) || old.dim() != 2)
        {
            throw new InvalidOperationException(
                $"Shared group '{key}' of {model.GetType().Name} does not share one 2-D tensor; ResizeTokenEmbeddings resizes " +
                "a group of embedding and head weights (Member = \"weight\").");
        }

        long oldSize = old.shape[0], kept = Math.Min(oldSize, size);
        var biases = group.Where(t => !t.Transpose).Select(t => t.Alias.Module).Prepend(group[0].Owner.Module)
            .Select(module => Bias(module, oldSize)).Where(b => b is not null).Select(b => b!).ToList();

        Tensor rows;
        using (no_grad())
        {
            rows = empty(size, old.shape[1], dtype: old.dtype, device: old.device);
            rows[TensorIndex.Slice(0, kept)].copy_(old[TensorIndex.Slice(0, kept)]);
            if (size > oldSize)
            {
                var added = rows[TensorIndex.Slice(oldSize, size)];
                if (initializeNewRows is not null) initializeNewRows(added);
                else added.copy_(DrawLikeRows(old, size - oldSize));
            }
        }
        sharing.ReplaceOwner(group, new Parameter(rows, requires_grad: old.requires_grad));

        foreach (var bias in biases)
        {
            var previous = bias.Get();
            using var _ = no_grad();
            var grown = zeros(size, dtype: previous.dtype, device: previous.device);
            grown[TensorIndex.Slice(0, kept)].copy_(previous[TensorIndex.Slice(0, kept)]);
            bias.Set(bias.IsBuffer ? grown : new Parameter(grown, requires_grad: previous.requires_grad));
        }
    }

    /// <summary>
    /// <paramref name="count"/> rows from N(mean, 1e-9 · covariance) of <paramref name="rows"/>, as Hugging Face's
    /// <c>_init_added_embeddings_weights_with_mean</c> draws them: new tokens start next to the average token, so
    /// that the model's outputs barely move. The mean, where the scaled covariance is not positive definite.
    /// </summary>
    private static Tensor DrawLikeRows(Tensor rows, long count)
    {
        using var scope = NewDisposeScope();
        var values = rows.to(float64);
        var mean = values.mean(new long[] { 0 });
        var centered = values - mean;
        var covariance = 1e-9 * centered.t().matmul(centered) / rows.shape[0];
        var (factor, info) = linalg.cholesky_ex(covariance);
        var drawn = info.item<int>() == 0
            ? mean + randn(count, rows.shape[1], dtype: float64, device: rows.device).matmul(factor.t())
            : mean.expand(count, rows.shape[1]);
        return drawn.to(rows.dtype).MoveToOuterDisposeScope();
    }

    /// <summary>The module's bias when it is a vector of the vocabulary's length (a head's), else null.</summary>
    private static TensorSlot? Bias(nn.Module module, long vocabulary)
    {
        var parameter = module.named_parameters(recurse: false).FirstOrDefault(p => p.name == "bias").parameter;
        if (parameter is null || parameter.dim() != 1 || parameter.shape[0] != vocabulary) return null;
        return new TensorSlot(module, "bias", "bias", isBuffer: false);
    }
}
