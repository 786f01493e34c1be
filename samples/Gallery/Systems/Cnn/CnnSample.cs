using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Declarative.Gallery.Systems.Cnn;

/// <summary>
/// LeNet (LeCun et al. 1998): one small kernel slid over every position, so every position shares its weights.
/// Shows translation equivariance (shift the input, the feature map shifts) and what a locally connected layer
/// with the same receptive fields, one set of weights per position, would cost.
/// </summary>
public sealed class CnnSample : ISample
{
    private const int ImageSize = 16;
    private const int Classes = 3;

    public string Name => "cnn";
    public string System => "CNN (LeCun et al. 1998, LeNet)";
    public string Mechanism => "one kernel slid over all positions";

    public SampleReport Run(SampleContext context)
    {
        manual_seed(11);
        var generator = new Generator(11);
        var model = new LeNet();
        var optimizer = optim.Adam(model.parameters(), lr: 0.01);

        int steps = context.Steps(120);
        var losses = new List<double>();
        for (int step = 1; step <= steps; step++)
        {
            using var scope = NewDisposeScope();
            var (images, labels) = SyntheticShapes.Batch(64, ImageSize, generator);
            optimizer.zero_grad();
            var loss = functional.cross_entropy(model.call(images), labels);
            loss.backward();
            optimizer.step();
            losses.Add(loss.item<float>());
            context.TrainingStep(step, steps);
        }

        // Equivariance of the first convolution: features of a shifted image are the shifted features.
        double deviation;
        using (no_grad())
        {
            var (images, _) = SyntheticShapes.Batch(8, ImageSize, generator, margin: 4);
            var shifted = images.roll(new long[] { 2, 3 }, new long[] { 2, 3 });
            var featuresOfShifted = model.Features(shifted);
            var shiftedFeatures = model.Features(images).roll(new long[] { 2, 3 }, new long[] { 2, 3 });
            // The borders see wrapped-around pixels; compare the interior.
            var interior = (featuresOfShifted - shiftedFeatures).slice(2, 3, 9, 1).slice(3, 3, 9, 1);
            deviation = interior.abs().max().item<float>();
        }

        long parameters = model.parameters().Sum(p => p.numel());
        long locallyConnected = parameters - model.ConvolutionParameters + model.LocallyConnectedParameters(ImageSize);
        context.Output.WriteLine($"   convolutions: {model.ConvolutionParameters:N0} parameters; a locally connected network with the same receptive fields: {model.LocallyConnectedParameters(ImageSize):N0}");
        context.Output.WriteLine($"   shift the input by (2, 3): the feature map shifts by (2, 3), largest deviation {deviation:G3}");

        bool learned = losses[^1] < losses[0];
        return new SampleReport(parameters, locallyConnected, losses,
            "shifting the input shifts the feature map", deviation < 1e-5 && (context.Quick || learned));
    }

    /// <summary>A LeNet-style network for 16x16 images: two convolutions with pooling, two fully connected layers.</summary>
    private sealed class LeNet : Module<Tensor, Tensor>
    {
        private readonly Conv2d conv1 = Conv2d(1, 6, 5);
        private readonly Conv2d conv2 = Conv2d(6, 12, 3);
        private readonly Linear fc1 = Linear(12 * 2 * 2, 32);
        private readonly Linear fc2 = Linear(32, Classes);

        public LeNet() : base(nameof(LeNet)) => RegisterComponents();

        /// <summary>The first convolution's feature map, before any pooling.</summary>
        public Tensor Features(Tensor images) => conv1.call(images);

        public long ConvolutionParameters => conv1.parameters().Concat(conv2.parameters()).Sum(p => p.numel());

        /// <summary>Each output position with weights of its own: positions times the parameters of one kernel set.</summary>
        public long LocallyConnectedParameters(int imageSize)
        {
            long first = imageSize - 4;             // 5x5 kernel, no padding
            long second = first / 2 - 2;            // after 2x2 pooling, 3x3 kernel
            return first * first * conv1.parameters().Sum(p => p.numel()) + second * second * conv2.parameters().Sum(p => p.numel());
        }

        public override Tensor forward(Tensor images)
        {
            var x = functional.max_pool2d(functional.relu(conv1.call(images)), 2);
            x = functional.max_pool2d(functional.relu(conv2.call(x)), 2);
            return fc2.call(functional.relu(fc1.call(x.flatten(1))));
        }
    }
}

/// <summary>Images of a horizontal bar, a vertical bar or a cross, drawn at random places on a noisy background.</summary>
internal static class SyntheticShapes
{
    public static (Tensor Images, Tensor Labels) Batch(int count, int size, Generator generator, int margin = 1)
    {
        var images = zeros(count, 1, size, size);
        var labels = randint(0, 3, new long[] { count }, generator: generator);
        var rows = randint(margin + 2, size - margin - 2, new long[] { count }, generator: generator);
        var columns = randint(margin + 2, size - margin - 2, new long[] { count }, generator: generator);
        for (int i = 0; i < count; i++)
        {
            long label = labels[i].item<long>(), r = rows[i].item<long>(), c = columns[i].item<long>();
            if (label != 1) images[i, 0, r, TensorIndex.Slice(c - 2, c + 3)] = 1.0f;   // horizontal bar, or half a cross
            if (label != 0) images[i, 0, TensorIndex.Slice(r - 2, r + 3), c] = 1.0f;   // vertical bar, or half a cross
        }
        return (images + 0.05f * randn(images.shape, generator: generator), labels);
    }
}
