package main

import (
	"fmt"
	"time"
)

// Lambda prices, US East (N. Virginia), arm64, first 7.5 billion GB-s a
// month (https://aws.amazon.com/lambda/pricing/): duration per GB-second
// and per request. Since 1 August 2025 the INIT phase of a cold start is
// billed too (it always was for custom runtimes such as provided.al2023),
// in 1 ms steps like the invocation.
const (
	armPerGBSecond = 0.0000133334
	perRequest     = 0.20 / 1e6
)

// Published figures for a Chromium-based PDF function on Lambda (see the
// README's "Cost at scale" for the sources): a cold start adds 3 to 8 s
// (browser launch included), and a function needs about 1 GB to run it.
const (
	chromiumColdLow, chromiumColdHigh = 3 * time.Second, 8 * time.Second
	chromiumMemoryMB                  = 1024
)

// cost1000 is the price of 1,000 invocations billed d each at memoryMB.
func cost1000(d time.Duration, memoryMB int) float64 {
	gbs := d.Seconds() * float64(memoryMB) / 1024
	return 1000 * (gbs*armPerGBSecond + perRequest)
}

// printCost prints what 1,000 conversions of the sample cost: ours from
// the billed durations measured under the emulator, Chromium's from our
// own measurement of it printing the same article here (its warm floor: a
// function launching the browser for each conversion) and published cold
// starts.
func printCost(r lambdaResult, chromiumWall time.Duration) {
	fmt.Printf("cost of 1,000 conversions (arm64, $%.10f per GB-s, $%.2f per million requests):\n", armPerGBSecond, perRequest*1e6)
	warm := cost1000(r.warmBilled, r.memoryMB)
	cold := cost1000(r.init+r.coldBilled, r.memoryMB)
	fmt.Printf("  ours at %d MB: $%.5f all warm (%.0f ms billed each), $%.5f if every one were a cold start (INIT %.0f ms + %.0f ms)\n",
		r.memoryMB, warm, ms(r.warmBilled), cold, ms(r.init), ms(r.coldBilled))
	if chromiumWall > 0 {
		cw := cost1000(chromiumWall, chromiumMemoryMB)
		fmt.Printf("  Chromium at %d MB: at least $%.5f all warm (%.0f ms, its whole-process time here); $%.5f to $%.5f all cold (+%v to %v published)\n",
			chromiumMemoryMB, cw, ms(chromiumWall), cost1000(chromiumWall+chromiumColdLow, chromiumMemoryMB),
			cost1000(chromiumWall+chromiumColdHigh, chromiumMemoryMB), chromiumColdLow, chromiumColdHigh)
		fmt.Printf("  ours costs 1/%.0f of Chromium's warm\n", cw/warm)
	}
}
