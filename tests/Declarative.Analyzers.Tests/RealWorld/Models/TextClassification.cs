// The TorchSharp TextClassification example's model (an EmbeddingBag and a Linear), as two language heads that
// tie their embeddings; the second classifier's bias depends on a flag, in an if/else.
using System;
using System.Collections.Generic;
using Declarative;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Corpus.TextClassification;

public partial class BilingualTextClassifier : Module<Tensor, Tensor, Tensor>
{
    [Tied("embedding", Lambda = 0.05)] private readonly EmbeddingBag english;
    [Tied("embedding", Lambda = 0.05)] private readonly EmbeddingBag german; //! expect german-vocab DECL002
    [Shared("fc", Member = "weight")] private readonly Linear fc;
    [Shared("fc", Member = "weight")] private readonly Linear fcGerman; //! expect fc-branch DECL001

    public BilingualTextClassifier(long vocabSize, long embedDim, long numClasses, bool withBias) : base(nameof(BilingualTextClassifier))
    {
        english = EmbeddingBag(vocabSize, embedDim, sparse: false);
        german = EmbeddingBag(vocabSize, embedDim, sparse: false); //! plant german-vocab: EmbeddingBag(vocabSize, embedDim => EmbeddingBag(vocabSize, 2 * embedDim
        fc = Linear(embedDim, numClasses); //! plant fc-branch: Linear(embedDim, numClasses) => Linear(embedDim, 2 * numClasses)
        if (withBias)
        {
            fcGerman = Linear(embedDim, numClasses);
        }
        else
        {
            fcGerman = Linear(embedDim, numClasses, hasBias: false);
        }

        InitWeights();
        RegisterComponents();
    }

    private void InitWeights()
    {
        var initrange = 0.5;
        init.uniform_(english.weight, -initrange, initrange);
        init.uniform_(german.weight, -initrange, initrange);
    }

    public override Tensor forward(Tensor input, Tensor offsets) => fc.call(english.call(input, offsets));
}
